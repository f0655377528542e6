// Taking turns, first come first served: `turn()` resolves once every earlier caller's turn has
// ended, with the function that ends this one (once; a second call does nothing). An in-process
// lock: it orders work within one process and says nothing of another process's.
export type TTurns = { turn(): Promise<() => void> };

export function takeTurns(): TTurns {
  let last: Promise<void> = Promise.resolve();
  return {
    turn() {
      let end!: () => void;
      const ended = new Promise<void>((resolve) => (end = resolve));
      const before = last;
      last = before.then(() => ended);
      return before.then(() => {
        let done = false;
        return () => {
          if (done) return;
          done = true;
          end();
        };
      });
    },
  };
}
