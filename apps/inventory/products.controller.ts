import { Controller, Get } from '@nestjs/common';
import { Database } from '../../lib/participant/index.js';
import { listProducts, type Product } from './products.repository.js';

@Controller('products')
export class ProductsController {
  constructor(private readonly database: Database) {}

  @Get()
  list(): Promise<Product[]> {
    return listProducts(this.database);
  }
}
