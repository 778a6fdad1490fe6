import { type Consumer } from '@platformatic/kafka';

const LATEST = -1n;
const EARLIEST = -2n;
const NOTHING_COMMITTED = -1n;

/**
 * Messages in the topics that the group has not committed yet, summed over every partition
 * (whoever owns it). A partition the group has never committed counts from its earliest offset
 * when the group starts from the beginning, else as 0 (the group starts at its end).
 */
export async function groupLag(
  consumer: Consumer<string, string, string, string>,
  topics: readonly string[],
  fromBeginning: boolean,
): Promise<number> {
  const latest = await consumer.listOffsets({ topics: [...topics], timestamp: LATEST });
  const earliest = fromBeginning
    ? await consumer.listOffsets({ topics: [...topics], timestamp: EARLIEST })
    : undefined;
  const committed = await consumer.listCommittedOffsets({
    topics: [...latest].map(([topic, ends]) => ({
      topic,
      partitions: ends.map((_end, partition) => partition),
    })),
  });
  let lag = 0n;
  for (const [topic, ends] of latest) {
    ends.forEach((end, partition) => {
      const position = committed.get(topic)?.[partition] ?? NOTHING_COMMITTED;
      const start =
        position !== NOTHING_COMMITTED ? position : (earliest?.get(topic)?.[partition] ?? end);
      if (end > start) lag += end - start;
    });
  }
  return Number(lag);
}
