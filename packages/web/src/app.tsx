// The dashboard shell: left menu (one entry per capability), city selector, 中文/English switch, the shared
// explanation drawer, and the current page (each page is its own lazily loaded chunk).
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import ConfigProvider from 'antd/es/config-provider';
import Layout from 'antd/es/layout';
import zhCN from 'antd/es/locale/zh_CN';
import Menu from 'antd/es/menu';
import Alert from 'antd/es/alert';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { api, setApiLang, type City } from './api.js';
import { AppContext, type AppData, type ExplainedTarget, type ExplainTarget } from './app-context.js';
import type { ExplainDrawerProps } from './components/explain-drawer.js';
import { I18nContext, makeI18n, type Lang } from './i18n.js';
import { SessionBar } from './components/session-bar.js';
import { setAuthApiLang } from './auth-api.js';
import { canManageUsers, canSeeAuditTrail, useSession } from './session.js';
import { navigate, useRoute, type PageKey } from './router.js';
import { useAsync } from './use-async.js';

function page<K extends string, P extends object = object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const PAGES: Record<PageKey, ComponentType> = {
  overview: page(() => import('./pages/overview-page.js'), 'OverviewPage'),
  unit: page(() => import('./pages/unit-page.js'), 'UnitPage'),
  import: page(() => import('./pages/import-page.js'), 'ImportPage'),
  revisions: page(() => import('./pages/revisions-page.js'), 'RevisionsPage'),
  profiles: page(() => import('./pages/profiles-page.js'), 'ProfilesPage'),
  market: page(() => import('./pages/market-page.js'), 'MarketPage'),
  planning: page(() => import('./pages/planning-page.js'), 'PlanningPage'),
  evaluation: page(() => import('./pages/evaluation-page.js'), 'EvaluationPage'),
  land: page(() => import('./pages/land-page.js'), 'LandPage'),
  users: page(() => import('./pages/users-page.js'), 'UsersPage'),
  'audit-trail': page(() => import('./pages/audit-trail-page.js'), 'AuditTrailPage'),
  audit: page(() => import('./pages/audit-page.js'), 'AuditPage'),
};

// The explanation drawer (with its tables) loads on the first click on a number, not with the first page.
const ExplainDrawer = page(
  () => import('./components/explain-drawer.js'),
  'ExplainDrawer',
) as ComponentType<ExplainDrawerProps>;

const FONT =
  "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', " +
  "'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif";

function initialLang(): Lang {
  try {
    return window.localStorage.getItem('anju.lang') === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const DEFAULT_CITY = '620700';

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  const { t, pick } = i18n;
  const route = useRoute();
  const session = useSession();
  const cities = useAsync(() => api.cities(), []);
  const cityList: readonly City[] = cities.data ?? [];
  const city = cityList.find((c) => c.cityCode === route.city);

  useEffect(() => {
    setApiLang(lang);
    setAuthApiLang(lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    try {
      window.localStorage.setItem('anju.lang', lang);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, [lang]);

  // No (or an unknown) city in the address: go to the default city, keeping the page.
  useEffect(() => {
    if (cityList.length > 0 && city === undefined) {
      const first = cityList.find((c) => c.cityCode === DEFAULT_CITY) ?? cityList[0]!;
      navigate({ city: first.cityCode, page: route.page, arg: '' });
    }
  }, [cityList, city, route.page]);

  const code = city?.cityCode;
  const catalogue = useAsync(
    () => (code === undefined ? undefined : Promise.all([api.units(code), api.measures()])),
    [code],
  );
  const [explainTarget, setExplainTarget] = useState<ExplainTarget | undefined>(undefined);
  const [explainUsed, setExplainUsed] = useState(false);
  const [explainDirect, setExplainDirect] = useState<ExplainedTarget | undefined>(undefined);
  const closeExplain = useCallback(() => {
    setExplainTarget(undefined);
    setExplainDirect(undefined);
  }, []);
  const openExplain = useCallback((target: ExplainTarget) => {
    setExplainUsed(true);
    setExplainDirect(undefined);
    setExplainTarget(target);
  }, []);
  const openExplainValue = useCallback((target: ExplainedTarget) => {
    setExplainUsed(true);
    setExplainTarget(undefined);
    setExplainDirect(target);
  }, []);

  const app = useMemo((): AppData | undefined => {
    if (city === undefined || catalogue.data === undefined) return undefined;
    const [units, measures] = catalogue.data;
    const unitByCode = new Map(units.map((u) => [u.unitCode, u]));
    const measureByCode = new Map(measures.map((m) => [m.code, m]));
    const uoms = new Map<string, [string, string]>();
    const dims = new Map<string, [string, string]>();
    for (const m of measures) {
      uoms.set(m.uom.code, [m.uom.labelZh, m.uom.labelEn]);
      for (const d of m.dimensions) dims.set(d.code, [d.nameZh, d.nameEn]);
    }
    return {
      city,
      units,
      measures,
      unitByCode,
      measureByCode,
      uomLabel: (uom) => {
        const l = uoms.get(uom);
        return l === undefined ? uom : pick(l[0], l[1]);
      },
      unitName: (c) => {
        const u = unitByCode.get(c);
        return u === undefined ? c : pick(u.nameZh, u.nameEn);
      },
      measureName: (c) => {
        const m = measureByCode.get(c);
        return m === undefined ? c : pick(m.nameZh, m.nameEn);
      },
      dimensionName: (c) => {
        if (c === '') return pick('合计', 'total');
        const d = dims.get(c);
        return d === undefined ? c : pick(d[0], d[1]);
      },
      explain: openExplain,
      explainValue: openExplainValue,
      go: (p, arg = '') => navigate({ city: city.cityCode, page: p, arg }),
    };
  }, [city, catalogue.data, pick, openExplain, openExplainValue]);

  const Page = PAGES[route.page];
  const error = cities.error ?? catalogue.error;
  const menuItems = (
    [
      'overview',
      'unit',
      'market',
      'import',
      'revisions',
      'profiles',
      'planning',
      'evaluation',
      'audit',
      'land',
      'users',
      'audit-trail',
    ] as const
  )
    .filter((key) =>
      key === 'users' ? canManageUsers(session) : key === 'audit-trail' ? canSeeAuditTrail(session) : true,
    )
    .map((key) => ({
      key,
      label: <span data-testid={`menu-${key}`}>{t.menu[key]}</span>,
    }));

  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : undefined}
      theme={{ token: { fontFamily: FONT, colorPrimary: '#1d5fbf', borderRadius: 6 } }}
    >
      <AntApp>
        <I18nContext.Provider value={i18n}>
          <Layout style={{ minHeight: '100vh' }}>
            <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }} breakpoint="lg">
              <div style={{ padding: '18px 20px 14px' }}>
                <div style={{ fontSize: 22, fontWeight: 700, color: '#1d5fbf', letterSpacing: 2 }}>{t.appName}</div>
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t.appSubtitle}</div>
              </div>
              <Menu
                mode="inline"
                selectedKeys={[route.page]}
                items={menuItems}
                style={{ borderInlineEnd: 'none' }}
                onClick={(e) => navigate({ city: route.city, page: e.key as PageKey, arg: '' })}
              />
            </Layout.Sider>
            <Layout>
              <Layout.Header
                style={{
                  background: '#fff',
                  padding: '0 24px',
                  display: 'flex',
                  alignItems: 'center',
                  gap: 12,
                  borderBottom: '1px solid #f0f0f0',
                  height: 56,
                  lineHeight: '56px',
                }}
              >
                <span style={{ fontSize: 16, fontWeight: 600, flex: 1, whiteSpace: 'nowrap' }}>
                  {city === undefined ? '' : pick(city.nameZh, city.nameEn)} · {t.menu[route.page]}
                </span>
                <span style={{ color: '#595959' }}>{t.city}</span>
                <Select
                  data-testid="city-select"
                  style={{ width: 140 }}
                  value={city?.cityCode}
                  loading={cities.loading}
                  options={cityList.map((c) => ({ value: c.cityCode, label: pick(c.nameZh, c.nameEn) }))}
                  onChange={(v: string) => navigate({ city: v, page: route.page, arg: '' })}
                />
                <SessionBar />
                <Button data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
                  {t.switchLang}
                </Button>
              </Layout.Header>
              <Layout.Content style={{ padding: 24, minWidth: 0 }}>
                {error !== undefined ? (
                  <Alert
                    type="error"
                    showIcon
                    title={t.error}
                    description={error.message}
                    action={
                      <Button
                        onClick={() => {
                          cities.reload();
                          catalogue.reload();
                        }}
                      >
                        {t.retry}
                      </Button>
                    }
                  />
                ) : app === undefined ? (
                  <Spin style={{ display: 'block', marginTop: 80 }} tip={t.loading} size="large">
                    <div style={{ height: 80 }} />
                  </Spin>
                ) : (
                  <AppContext.Provider value={app}>
                    <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} size="large" />}>
                      <Page key={`${app.city.cityCode}/${route.page}`} />
                    </Suspense>
                    {explainTarget === undefined && explainDirect === undefined && !explainUsed ? null : (
                      <Suspense fallback={null}>
                        <ExplainDrawer target={explainTarget} direct={explainDirect} onClose={closeExplain} />
                      </Suspense>
                    )}
                  </AppContext.Provider>
                )}
              </Layout.Content>
            </Layout>
          </Layout>
        </I18nContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
