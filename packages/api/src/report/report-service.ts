// The periodic market report of a city: reads the published view through the market service, adds the inventory age
// structure on the period's last day, and builds core's report model. Shared by the API route and `anju report`.
import { buildReportModel, endDate, periodOf, REPORT_GRAIN, type ReportKind, type ReportModel } from '@anju/core';
import { listCities, type Store } from '@anju/store';
import { computeCityMarket, computeInventoryAge } from '../market/market-service.js';

/**
 * Builds the `kind` report of `period` (`2025`, `2025Q4`, `2025-12`, of the kind's grain) for a city from its
 * published data. `now` stamps the report.
 *
 * @example await buildCityReport(store, '620700', 'annual', '2025', { now: new Date() }) // → ReportModel
 */
export async function buildCityReport(
  store: Store,
  cityCode: string,
  kind: ReportKind,
  period: string,
  options: { now: Date; profileId?: string },
): Promise<ReportModel> {
  const p = periodOf(period);
  if (p.grain !== REPORT_GRAIN[kind]) {
    throw new RangeError(`A ${kind} report needs a ${REPORT_GRAIN[kind]} period, not "${period}"`);
  }
  const profileOption = options.profileId === undefined ? {} : { profileId: options.profileId };
  const [market, age, cities] = await Promise.all([
    computeCityMarket(store, cityCode, { grain: REPORT_GRAIN[kind], ...profileOption }),
    computeInventoryAge(store, cityCode, { asOf: endDate(p), ...profileOption }),
    listCities(store),
  ]);
  return buildReportModel({
    kind,
    period,
    cityCode,
    cityNameZh: cities.find((c) => c.cityCode === cityCode)?.nameZh ?? cityCode,
    units: market.units.map((u) => ({ unitCode: u.unitCode, nameZh: u.nameZh, level: u.level })),
    data: market.data,
    indicators: market.indicators,
    profile: market.profile,
    printed: market.printed,
    printedRevisions: market.printedRevisions,
    inventoryAge: age.units.length === 0 ? undefined : age,
    generatedAt: options.now.toISOString(),
  });
}
