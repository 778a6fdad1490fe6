import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The service's OpenAPI document, generated from its controllers, at /docs-json; Swagger UI at /docs. */
export function setupParticipantOpenApi(app: INestApplication, name: string): void {
  const info = new DocumentBuilder()
    .setTitle(`checkout-saga ${name} service`)
    .setDescription(
      'A participant of the checkout saga. Every mutating call requires an Idempotency-Key. ' +
        'Request bodies are JSON (UTF-8, at most 16 KiB); errors are application/problem+json.',
    )
    .setVersion('0.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, info);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
