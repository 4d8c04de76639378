import { Type } from '@sinclair/typebox';
import { StringEnum } from './common';

const Up = StringEnum(['ok', 'down']);

/** `GET /health`: whether Postgres and Temporal answer. */
export const HealthSchema = Type.Object({ status: StringEnum(['ok', 'degraded']), database: Up, temporal: Up });
