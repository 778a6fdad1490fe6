import { Module, type DynamicModule } from '@nestjs/common';
import { AesGcmPayloadCodec, type PayloadEncryptionKey } from '../../../lib/payload-codec/index.js';
import { CodecAccessGuard } from './codec-access.guard.js';
import { CODEC_CONFIG } from './codec-config.token.js';
import type { CodecConfig } from './codec-env.js';
import { CodecController, PAYLOAD_CODEC } from './codec.controller.js';

/** POST /codec/encode and /codec/decode with the keys of the API's Temporal client. */
@Module({})
export class CodecModule {
  static forRoot(keys: readonly PayloadEncryptionKey[], config: CodecConfig): DynamicModule {
    return {
      module: CodecModule,
      controllers: [CodecController],
      providers: [
        { provide: PAYLOAD_CODEC, useValue: new AesGcmPayloadCodec(keys) },
        { provide: CODEC_CONFIG, useValue: config },
        CodecAccessGuard,
      ],
    };
  }
}
