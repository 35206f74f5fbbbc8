import { listCities, type Store } from '@anju/store';
import { t, type Context } from './context.js';
import { UserError } from './errors.js';

/** The city a command works on: --city, else the store's only city. */
export async function chooseCity(ctx: Context, store: Store, city: string | undefined): Promise<string> {
  const cities = await listCities(store);
  if (city !== undefined) {
    if (!cities.some((c) => c.cityCode === city)) {
      throw new UserError(
        t(
          ctx,
          `数据库中没有城市 ${city}；请先运行 anju init --city ${city}`,
          `no city ${city} in the store: run anju init --city ${city}`,
        ),
      );
    }
    return city;
  }
  if (cities.length === 1) return cities[0]!.cityCode;
  if (cities.length === 0) {
    throw new UserError(
      t(
        ctx,
        '数据库中还没有城市；请先运行 anju init --city 代码 或 anju demo',
        'the store has no city yet: run anju init --city CODE or anju demo',
      ),
    );
  }
  const list = cities.map((c) => `${c.cityCode} ${c.nameZh}`).join('，');
  throw new UserError(t(ctx, `请用 --city 指定城市：${list}`, `choose a city with --city: ${list}`));
}
