import { z } from 'zod';

/**
 * What an id may look like: the services' own (`ch_<uuid>`, `res_<uuid>`, `shp_<uuid>`) and the
 * callers' order ids. Anything else is a 400 before it reaches the database.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

const id = (what: string) =>
  z
    .string()
    .regex(
      ID_PATTERN,
      `must be ${what}: 1 to 200 letters, digits, _ . : or -, starting with a letter or digit`,
    );

/** The `orderId` of a mutating request's body. */
export const orderIdField = id('an order id');

/** `GET /<things>?orderId=`: how compensations find what a step did. */
export const orderIdQuery = z.object({ orderId: orderIdField });

export type OrderIdQuery = z.infer<typeof orderIdQuery>;

/** `/<things>/{id}/...`: the id of a reservation, charge or shipment. */
export const resourceIdParams = z.object({ id: id('an id') });

export type ResourceIdParams = z.infer<typeof resourceIdParams>;
