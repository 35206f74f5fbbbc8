// Bad input (SPEC §3.1, §6 "Bad input"): every malformed file is refused with one error naming the file, sheet,
// row and column in plain Chinese (and English), and the store is left exactly as it was — same revisions, same
// published values, same history rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExcelJS as _unused } from './testing/excel-types.js';
import type { Mapping } from '@anju/core';
import type { Store } from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import {
  csvText,
  fingerprint,
  importWith,
  loadFixtureCities,
  makeTempDir,
  mapping,
  writeXlsx,
  type SheetSpec,
  type StoreFingerprint,
  type TempDir,
} from './testing/fixtures.js';
