import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Inject,
  Options,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PayloadCodec } from '@temporalio/common';
import type { Request, Response } from 'express';
import {
  payloadsFromJson,
  payloadsToJson,
  remoteCodecBody,
  type RemoteCodecBody,
} from '../../../lib/payload-codec/index.js';
import { ProblemException } from '../../../lib/nest/index.js';
import { BEARER_SCHEME, RequireRole } from '../auth/authenticated.decorator.js';
import { validated } from '../http/validated.js';
import { ApiProblemResponse } from '../openapi/api-problem-response.js';
import { CodecAccessGuard } from './codec-access.guard.js';
import { CODEC_CONFIG } from './codec-config.token.js';
import type { CodecConfig } from './codec-env.js';
import { allowCors } from './cors.js';

export const PAYLOAD_CODEC = Symbol('PayloadCodec');

/** Temporal's remote codec protocol, so that the Web UI shows decrypted payloads. */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  constructor(
    @Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec,
    @Inject(CODEC_CONFIG) private readonly config: CodecConfig,
  ) {}

  @Post('encode')
  @HttpCode(HttpStatus.OK)
  @UseGuards(CodecAccessGuard)
  @RequireRole('operator')
  @ApiBearerAuth(BEARER_SCHEME)
  @ApiOperation({ summary: 'Encrypts payloads (Temporal remote codec protocol)' })
  @ApiOkResponse({ description: 'The payloads, encrypted.' })
  @ApiProblemResponse(400, 'Not a payload list.')
  @ApiProblemResponse(401, 'No operator token (outside the local Web UI of development).')
  @ApiProblemResponse(403, 'The token lacks the operator role.')
  async encode(@Body(validated(remoteCodecBody, 'body')) body: RemoteCodecBody) {
    return payloadsToJson(await this.codec.encode(payloadsFromJson(body)));
  }

  @Post('decode')
  @HttpCode(HttpStatus.OK)
  @UseGuards(CodecAccessGuard)
  @RequireRole('operator')
  @ApiBearerAuth(BEARER_SCHEME)
  @ApiOperation({ summary: 'Decrypts payloads (Temporal remote codec protocol)' })
  @ApiOkResponse({ description: 'The payloads, decrypted.' })
  @ApiProblemResponse(400, 'Not a payload list, or a payload this API cannot decrypt.')
  @ApiProblemResponse(401, 'No operator token (outside the local Web UI of development).')
  @ApiProblemResponse(403, 'The token lacks the operator role.')
  async decode(@Body(validated(remoteCodecBody, 'body')) body: RemoteCodecBody) {
    try {
      return payloadsToJson(await this.codec.decode(payloadsFromJson(body)));
    } catch (error) {
      throw new ProblemException(
        400,
        'PAYLOAD_UNDECRYPTABLE',
        error instanceof Error ? error.message : 'A payload could not be decrypted',
      );
    }
  }

  /** The browser's CORS preflight: answered for the local Web UI's origins only. */
  @Options(['encode', 'decode'])
  @HttpCode(HttpStatus.NO_CONTENT)
  preflight(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    const origin = request.header('origin');
    if (origin !== undefined && this.config.localUiOrigins.includes(origin)) {
      allowCors(response, origin);
    }
  }
}
