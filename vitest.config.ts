import { configDefaults, defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

/** Unit tests that need PostgreSQL on 127.0.0.1:5432 (or TEST_DATABASE_URL). */
const DATABASE_TESTS = [
  'server/storage/postgres.test.ts',
  'server/storage/postgres-events.test.ts',
  'server/http/identifier-validation.test.ts',
];

export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'server/**/*.test.ts',
            'shared/**/*.test.{ts,tsx}',
            'extension/**/*.test.{ts,tsx}',
            'dashboard/**/*.test.{ts,tsx}',
            'element/**/*.test.{ts,tsx}',
          ],
          // Runs without PostgreSQL: what needs the database is in the db project.
          exclude: [...configDefaults.exclude, ...DATABASE_TESTS],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: DATABASE_TESTS,
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
