// Group commit for small writes that arrive in bursts (a live fan-out's thousand entry fills and
// order acknowledgements within seconds): each write waits for the batch it joined to commit, and
// one batch at a time is written, in one transaction on a pooled pg client. Alone, a write goes at
// once (no added wait); under load, the writes that arrive while a batch commits form the next one
// — one connection and one commit instead of hundreds of small transactions queueing for the pool.
// A failed batch is written again item by item, so only a write that fails alone fails its caller.
import { inPgTransaction, type TSql } from "./sql";

type TPending<T> = { item: T; resolve: () => void; reject: (err: unknown) => void };

/** Items per transaction: bounds one statement's array parameters. */
const MAX_BATCH = 500;

export function writeBatcher<T>(write: (sql: TSql, items: T[]) => Promise<void>): (item: T) => Promise<void> {
  const queue: TPending<T>[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        try {
          await inPgTransaction((sql) => write(sql, batch.map((p) => p.item)));
          for (const p of batch) p.resolve();
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          // One bad item (or a deadlock, a dropped connection) must not fail the others: each alone, once.
          for (const p of batch) await inPgTransaction((sql) => write(sql, [p.item])).then(p.resolve, p.reject);
        }
      }
    } finally {
      writing = false;
    }
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
