/** Runs a validated draw request (drawRunRequestSchema) once its seed is known — shared by the CLI and the API. */
import type { DrawRecord } from './draw.js';
import type { DrawRunRequest } from './draw-schema.js';
import { drawAppraisalFirms, drawExperts, drawLottery } from './draw-uses.js';

export function runDrawRequest(req: DrawRunRequest, seed: string): DrawRecord {
  const commitment = req.commitment === undefined ? {} : { commitment: req.commitment };
  switch (req.purpose) {
    case 'experts':
      return drawExperts({
        drawId: req.drawId,
        seed,
        ...commitment,
        experts: req.experts,
        parties: req.parties,
        ...(req.relations === undefined ? {} : { relations: req.relations }),
        count: req.count,
      });
    case 'appraisal-firms':
      return drawAppraisalFirms({
        drawId: req.drawId,
        seed,
        ...commitment,
        firms: req.firms,
        ...(req.exclusions === undefined ? {} : { exclusions: req.exclusions }),
        count: req.count,
      });
    case 'lottery':
      return drawLottery({ drawId: req.drawId, seed, ...commitment, entrants: req.entrants, count: req.count });
  }
}
