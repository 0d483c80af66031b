/**
 * Flattens an intersection into one object type, so editor tooltips show plain properties.
 *
 * @example
 * type T = Simplify<{ a: 1 } & { b?: 2 }>; // { a: 1; b?: 2 }
 */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};
