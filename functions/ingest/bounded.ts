/**
 * Runs `task` over `items` with at most `limit` in flight and returns the results in
 * order. Facts are written one conditional PutItem per row (BatchWriteItem takes no
 * conditions), so a few hundred rows need parallel requests without flooding the table.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
