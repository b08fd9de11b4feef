/** Collects items and writes them together; each `submit` resolves once its item is written (group commit). */
export interface BatchWriter<Item, Result> {
  /** Resolves with the item's result after the batch holding it is written; rejects if it could not be. */
  submit(item: Item): Promise<Result>;
  /** Writes what is waiting now and waits for every write in progress. */
  flush(): Promise<void>;
}

export interface BatchWriterOptions<Item, Result> {
  /** Writes a batch in one statement per kind; answers one result per item, in order. */
  write: (items: Item[]) => Promise<Result[]>;
  /** How long the first item of a batch waits for others, milliseconds. Default 2. */
  everyMs?: number;
  /** Largest batch. Default 500. */
  maxBatch?: number;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * A group-commit writer: items submitted while a batch is being written go into the next one, so
 * under load each write carries many items and an idle writer answers within `everyMs`. A batch
 * that fails is written again one item at a time, so one item's bad data fails that item alone.
 */
export function createBatchWriter<Item, Result>(options: BatchWriterOptions<Item, Result>): BatchWriter<Item, Result> {
  const everyMs = options.everyMs ?? 2;
  const maxBatch = options.maxBatch ?? 500;
  let waiting: Array<Waiting<Item, Result>> = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  const settle = async (batch: Array<Waiting<Item, Result>>): Promise<void> => {
    try {
      const results = await options.write(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const entry of batch) await settle([entry]);
    }
  };

  const writeNext = (): void => {
    timer = undefined;
    if (writing || waiting.length === 0) return;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    writing = settle(batch).finally(() => {
      writing = undefined;
      if (waiting.length > 0) schedule();
    });
  };

  const schedule = (): void => {
    if (writing || timer) return;
    if (waiting.length >= maxBatch) writeNext();
    else timer = setTimeout(writeNext, everyMs);
  };

  return {
    submit(item) {
      return new Promise<Result>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      });
    },
    async flush() {
      while (writing || waiting.length > 0) {
        if (timer) clearTimeout(timer);
        writeNext();
        await writing;
      }
    },
  };
}
