/**
 * aws-local-stepfunctions 3.0.0 (the only release on the registry) calls ES2024's
 * Promise.withResolvers, which Node 22 has and this toolchain's Node 20 lacks: the standard
 * definition, installed where it is missing. Import it before running the interpreter; moving to
 * Node 22 removes this file.
 */
type Resolvers = { promise: Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const promises = Promise as unknown as { withResolvers?: () => Resolvers };
promises.withResolvers ??= () => {
  const resolvers = {} as Resolvers;
  resolvers.promise = new Promise((resolve, reject) => Object.assign(resolvers, { resolve, reject }));
  return resolvers;
};

export {};
