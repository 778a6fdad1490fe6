export { runMigrations, type MigrationSet } from './run-migrations.js';
