/** The time in epoch milliseconds; tests pass a fake one. */
export type Clock = () => number;
