import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiJsonResponse, Database } from '../../lib/participant/index.js';
import { listProducts, type Product } from './products.repository.js';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly database: Database) {}

  @Get()
  @ApiJsonResponse(
    200,
    'The catalog with its stock.',
    z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        price: z.number().int(),
        available: z.number().int(),
        reserved: z.number().int(),
      }),
    ),
  )
  list(): Promise<Product[]> {
    return listProducts(this.database);
  }
}
