/**
 * Promise.withResolvers (Node 22), which PostGraphile v5's packages call; this
 * project also runs on Node 20, where the bench's peer process needs it.
 * Imported first by bench/peer-process.ts.
 */
interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const withResolvers = function <T>(this: PromiseConstructor): Resolvers<T> {
  let resolve!: Resolvers<T>['resolve'];
  let reject!: Resolvers<T>['reject'];
  const promise = new this<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const PromiseWithResolvers = Promise as PromiseConstructor & { withResolvers?: typeof withResolvers };
PromiseWithResolvers.withResolvers ??= withResolvers;

export {};
