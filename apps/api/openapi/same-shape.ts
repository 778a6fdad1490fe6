/**
 * Compile-time guards that keep documentation schemas in step with the types the code returns:
 * `Assert<Same<Documented, Real>>` fails to compile once the two drift apart.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;
