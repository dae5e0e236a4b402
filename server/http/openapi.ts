/**
 * The OpenAPI document, generated from the same zod schemas that validate requests and that the
 * clients parse answers with, so the document cannot drift from the code.
 */
import { toJSONSchema } from 'zod/mini';
import type { ZodMiniType } from 'zod/mini';
import { labelSessionRequestSchema } from '../../shared/device-label.ts';
import * as schemas from '../../shared/schemas.ts';

type Schema = ZodMiniType;

function json(schema: Schema, io: 'input' | 'output'): unknown {
  return toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });
}

function body(schema: Schema) {
  return { required: true, content: { 'application/json': { schema: json(schema, 'input') } } };
}

function answer(description: string, schema?: Schema) {
  return schema === undefined
    ? { description }
    : { description, content: { 'application/json': { schema: json(schema, 'output') } } };
}

const errorAnswer = answer('An error in the contract shape', schemas.errorBodySchema);

const sessionIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

export function buildOpenApiDocument(serverUrl: string): unknown {
  const operation = (summary: string, responses: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    summary,
    ...extra,
    responses: { ...responses, default: errorAnswer },
  });
  return {
    openapi: '3.0.3',
    info: {
      title: 'Session Control',
      version: '1',
      description: 'See every device where you are signed in and end any session.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'sc_access' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    security: [{ cookie: [] }, { bearer: [] }],
    paths: {
      '/auth/signup': {
        post: operation(
          'Create an account and sign in',
          { 201: answer('Signed up', schemas.authResponseSchema) },
          { requestBody: body(schemas.signUpRequestSchema), security: [] },
        ),
      },
      '/auth/signin': {
        post: operation(
          'Sign in',
          { 200: answer('Signed in', schemas.authResponseSchema) },
          { requestBody: body(schemas.signInRequestSchema), security: [] },
        ),
      },
      '/auth/session/refresh': {
        post: operation('Rotate the refresh token', { 200: answer('New tokens', schemas.refreshResponseSchema) }),
      },
      '/auth/signout': {
        post: operation('Sign out of this device', { 200: answer('Signed out', schemas.emptyResponseSchema) }),
      },
      '/auth/reauthenticate': {
        post: operation(
          'Prove identity again',
          { 200: answer('Freshly authenticated', schemas.reauthenticateResponseSchema) },
          { requestBody: body(schemas.reauthenticateRequestSchema) },
        ),
      },
      '/auth/password': {
        post: operation(
          'Change the password',
          { 200: answer('Changed', schemas.changePasswordResponseSchema) },
          { requestBody: body(schemas.changePasswordRequestSchema) },
        ),
      },
      '/api/me': {
        get: operation('The signed-in user and this session', { 200: answer('Me', schemas.meResponseSchema) }),
      },
      '/api/sessions': {
        get: operation(
          'My live sessions',
          { 200: answer('Sessions', schemas.sessionListResponseSchema) },
          {
            parameters: [{ name: 'tenant', in: 'query', required: false, schema: { type: 'string', enum: ['all'] } }],
          },
        ),
        delete: operation(
          'Sign out of other devices, or all',
          { 200: answer('How many ended', schemas.revokedCountResponseSchema) },
          {
            parameters: [
              { name: 'scope', in: 'query', required: true, schema: { type: 'string', enum: ['others', 'all'] } },
            ],
          },
        ),
      },
      '/api/events': {
        get: operation(
          'Live events of this session (Server-Sent Events): session-ended, sessions-changed, new-sign-in',
          {
            200: {
              description:
                'A text/event-stream; each event has an id, an event name and one data line of JSON ' +
                '(the schemas below), with a keep-alive comment at least every 25 seconds',
              content: {
                'text/event-stream': {
                  schema: {
                    oneOf: [
                      json(schemas.sessionEndedEventSchema, 'output'),
                      json(schemas.sessionsChangedEventSchema, 'output'),
                      json(schemas.newSignInEventSchema, 'output'),
                    ],
                  },
                },
              },
            },
          },
        ),
      },
      '/api/sessions/history': {
        get: operation(
          'My ended sessions in this tenant, newest first, with why they ended',
          { 200: answer('One page of the history', schemas.historyResponseSchema) },
          {
            parameters: [
              { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } },
              { name: 'before', in: 'query', required: false, schema: { type: 'string' } },
            ],
          },
        ),
      },
      '/api/sessions/{id}': {
        delete: operation('Sign out one device', { 204: answer('Ended') }, { parameters: [sessionIdParameter] }),
        patch: operation(
          "Name the session's device (null removes the name)",
          { 200: answer('Named', schemas.sessionResponseSchema) },
          { parameters: [sessionIdParameter], requestBody: body(labelSessionRequestSchema) },
        ),
      },
      '/api/sessions/{id}/acknowledge': {
        post: operation(
          '"Yes, it was me": the new-device sign-in is acknowledged',
          { 204: answer('Acknowledged') },
          { parameters: [sessionIdParameter] },
        ),
      },
      '/.well-known/jwks.json': {
        get: operation(
          'Public keys of access tokens',
          { 200: answer('JWKS', schemas.jwksResponseSchema) },
          { security: [] },
        ),
      },
      '/healthz': {
        get: operation('Health', { 200: answer('Healthy', schemas.healthResponseSchema) }, { security: [] }),
      },
    },
  };
}
