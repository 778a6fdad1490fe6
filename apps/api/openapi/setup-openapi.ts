import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { BEARER_SCHEME } from '../auth/authenticated.decorator.js';
import { PROBLEM_SCHEMA_NAME } from './api-problem-response.js';
import { paymentWebhookSchema } from '../webhooks/payment-webhook.schema.js';
import { problemSchema } from './problem.schema.js';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** The OpenAPI document, generated from the controllers, at /docs-json; Swagger UI at /docs. */
export function setupOpenApi(app: INestApplication): void {
  const info = new DocumentBuilder()
    .setTitle('checkout-saga API')
    .setDescription(
      'Places orders, each checked out by a saga on Temporal (inventory, payment, shipping, with ' +
        'compensations), and reads, lists, cancels and confirms them. Amounts are integer minor ' +
        'units. Errors are application/problem+json. The /orders routes need a bearer token ' +
        '(JWT) whose `roles` claim holds `customer` (its `sub` is the customerId) or `operator`.',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A JWT with `sub` and `roles` (customer or operator).',
      },
      BEARER_SCHEME,
    )
    .setVersion('0.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, info);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      [PROBLEM_SCHEMA_NAME]: z.toJSONSchema(problemSchema, {
        target: 'openapi-3.0',
      }) as SchemaObject,
      PaymentWebhook: z.toJSONSchema(paymentWebhookSchema, {
        target: 'openapi-3.0',
      }) as SchemaObject,
    },
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
