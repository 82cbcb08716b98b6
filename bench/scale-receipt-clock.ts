import type { MiddlewareStack } from '@smithy/types';
import { ReceiptSchema } from '../schemas/receipt.js';

/**
 * When each upload's receipt came to exist, without polling S3: a middleware on the
 * handlers' own S3 client (they run in the bench process) notes the moment the PutObject of
 * `receipts/{upload key}.json` returned, and whether that receipt accepted the upload.
 * Polling a thousand keys every few milliseconds would load the emulator it measures.
 */

export interface ReceiptArrival {
  /** performance.now() when the receipt's PutObject returned. */
  at: number;
  accepted: boolean;
}

export interface ReceiptClock {
  /** Upload key → its latest receipt. */
  arrivals(): ReadonlyMap<string, ReceiptArrival>;
}

const RECEIPT_JSON = /^receipts\/(.+)\.json$/;

export function clockReceipts<Input extends object, Output extends object>(client: {
  middlewareStack: MiddlewareStack<Input, Output>;
}): ReceiptClock {
  const arrivals = new Map<string, ReceiptArrival>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input: { Key?: unknown; Body?: unknown } = args.input;
      const uploadKey = typeof input.Key === 'string' ? RECEIPT_JSON.exec(input.Key)?.[1] : undefined;
      if (context.commandName === 'PutObjectCommand' && uploadKey !== undefined) {
        const receipt = ReceiptSchema.safeParse(
          typeof input.Body === 'string' ? JSON.parse(input.Body) : null,
        );
        arrivals.set(uploadKey, {
          at: performance.now(),
          accepted: receipt.success && receipt.data.accepted,
        });
      }
      return result;
    },
    { step: 'initialize', name: 'parkstatsBenchReceiptClock', override: true },
  );
  return { arrivals: () => arrivals };
}
