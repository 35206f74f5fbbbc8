/** Runs a validated valuation request (landValuationRequestSchema) — the one entry point the CLI and API share. */
import { checkLandPriceChange, type LandPriceChangeCheck } from './land-price-change.js';
import type { LandValuationRequest } from './land-schema.js';
import { industrialLandPrice, type IndustrialLandPrice } from './industrial-land-price.js';
import { residualValuation, type ResidualValuation } from './residual-valuation.js';

export type LandValuationResult =
  | { readonly kind: 'residual'; readonly valuation: ResidualValuation }
  | { readonly kind: 'industrial'; readonly valuation: IndustrialLandPrice }
  | { readonly kind: 'price-change'; readonly check: LandPriceChangeCheck };

export function valueLand(req: LandValuationRequest): LandValuationResult {
  switch (req.kind) {
    case 'residual':
      return { kind: 'residual', valuation: residualValuation(req) };
    case 'industrial':
      return { kind: 'industrial', valuation: industrialLandPrice(req) };
    case 'price-change':
      return { kind: 'price-change', check: checkLandPriceChange(req.sales, req.year, req.capPercent) };
  }
}
