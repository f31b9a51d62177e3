import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/sqlite/client';

// The tables a backup holds come from Prisma's own data model (generated from prisma/schema.prisma),
// never from a list kept by hand: a model added tomorrow is backed up without touching this code.
// Prisma's bookkeeping table (_prisma_migrations) is no model, so it is left out by construction.

/** How a column's values are written in a backup: Prisma's scalar types, enums as text. */
export type ColumnType = 'String' | 'Enum' | 'Int' | 'Float' | 'BigInt' | 'Decimal' | 'Boolean' | 'DateTime' | 'Json' | 'Bytes';

export const COLUMN_TYPES: readonly ColumnType[] = ['String', 'Enum', 'Int', 'Float', 'BigInt', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes'];

export interface Column {
  name: string;
  type: ColumnType;
}

export interface Table {
  /** The model's name in the schema. */
  model: string;
  /** The table's name in the database (@@map, else the model name). */
  name: string;
  columns: Column[];
}

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  dbName?: string | null;
}

interface RuntimeDataModel {
  models: Record<string, { dbName: string | null; fields: RuntimeField[] }>;
}

let cached: Table[] | undefined;

/** Every table of Candor's data model with its stored columns (relation fields left out). */
export function dataModelTables(): Table[] {
  if (cached) return cached;
  // The runtime data model is the same for both generated clients; a client connects only when
  // it is first queried, and this one never is.
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: 'file::memory:' }) }) as unknown as { _runtimeDataModel?: RuntimeDataModel };
  const model = client._runtimeDataModel;
  if (!model) throw new Error("Prisma's runtime data model is not available from the generated client");
  cached = Object.entries(model.models).map(([name, m]) => ({
    model: name,
    name: m.dbName ?? name,
    columns: m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum').map((f) => ({ name: f.dbName ?? f.name, type: columnType(f) })),
  }));
  return cached;
}

function columnType(f: RuntimeField): ColumnType {
  if (f.kind === 'enum') return 'Enum';
  const t = COLUMN_TYPES.find((c) => c === f.type);
  if (!t) throw new Error(`field ${f.name} has the Prisma type ${f.type}, which backups do not know how to encode`);
  return t;
}
