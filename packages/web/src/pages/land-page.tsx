// 土地出让 (SPEC §3.6, seed 001 三、四): the residual valuation with its component breakdown and the industrial
// self-holding correction; auditable draws (commitment → seed → record → verification); the auction console that
// replays an event log through the core state machine, or simulates one against generated bidders (routes/land.ts).
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState, type ReactNode } from 'react';
import {
  landApi,
  type AuctionLogBody,
  type AuctionLogEntryView,
  type AuctionReplayView,
  type DrawRecordBody,
  type DrawRunBody,
  type DrawVerificationView,
  type Explained,
  type LandValuationView,
  type ValuationLine,
} from '../api.js';
import { useApp } from '../app-context.js';
import { DataTable } from '../components/data-table.js';
import { useI18n } from '../i18n.js';

/** A labelled input in the compact form grid. */
function Field(props: { label: string; children: ReactNode }) {
  return (
    <label style={{ display: 'grid', gap: 4, fontSize: 13, color: '#595959' }}>
      {props.label}
      {props.children}
    </label>
  );
}

const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 12 } as const;

function useRun<T>(): [T | undefined, string | undefined, boolean, (p: () => Promise<T>) => void] {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = (p: () => Promise<T>): void => {
    setBusy(true);
    setError(undefined);
    p()
      .then((d) => setData(d))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return [data, error, busy, run];
}

// ── valuation ──

function Valuation() {
  const { t, pick } = useI18n();
  const app = useApp();
  const l = t.land;
  const [f, setF] = useState({
    plotId: 'ZZ-2025-01',
    comparables: 'A,19000,10000\nB,21000,10000\nC,20000,20000',
    chosen: '21000',
    decoration: '1500',
    taxRate: '0.08',
    finance: '600',
    construction: '4200',
    profitRate: '0.12',
    floorArea: '150000',
  });
  const [ind, setInd] = useState({ appraised: '600', selfHeld: '70', benchmark: '400' });
  const [res, resError, busy, run] = useRun<LandValuationView>();
  const [indRes, indError, indBusy, runInd] = useRun<LandValuationView>();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const explain = (e: Explained) => app.explainValue({ explained: e, title: pick(e.labelZh, e.labelEn) });

  const compute = (): void =>
    run(() =>
      landApi.value({
        kind: 'residual',
        plotId: f.plotId,
        comparables: f.comparables
          .split('\n')
          .map((line) => line.split(/[,，\s]+/).filter((x) => x !== ''))
          .filter((c) => c.length >= 2)
          .map(([id, price, areaSqm]) => ({
            id: id!,
            priceYuanPerSqm: price!,
            ...(areaSqm === undefined ? {} : { areaSqm }),
          })),
        ...(f.chosen.trim() === '' ? {} : { chosenBarePriceYuanPerSqm: f.chosen.trim() }),
        decorationYuanPerSqm: f.decoration || '0',
        taxes: { kind: 'rate', rateOfSalePrice: f.taxRate },
        financeCost: { kind: 'per-sqm', yuanPerSqm: f.finance },
        constructionCost: { yuanPerSqm: f.construction },
        profit: { kind: 'rate', rateOfSalePrice: f.profitRate },
        floorAreaSqm: f.floorArea,
      }),
    );
  const residual = res?.kind === 'residual' ? res.valuation : undefined;
  const industrial = indRes?.kind === 'industrial' ? indRes.valuation : undefined;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Card title={l.valuationTitle} size="small" data-testid="land-valuation">
        <div style={grid}>
          <Field label={l.plotId}>
            <Input value={f.plotId} onChange={set('plotId')} />
          </Field>
          <Field label={l.chosenBare}>
            <Input value={f.chosen} onChange={set('chosen')} data-testid="land-chosen" />
          </Field>
          <Field label={l.decoration}>
            <Input value={f.decoration} onChange={set('decoration')} />
          </Field>
          <Field label={l.taxRate}>
            <Input value={f.taxRate} onChange={set('taxRate')} />
          </Field>
          <Field label={l.financeCost}>
            <Input value={f.finance} onChange={set('finance')} />
          </Field>
          <Field label={l.constructionCost}>
            <Input value={f.construction} onChange={set('construction')} />
          </Field>
          <Field label={l.profitRate}>
            <Input value={f.profitRate} onChange={set('profitRate')} />
          </Field>
          <Field label={l.floorArea}>
            <Input value={f.floorArea} onChange={set('floorArea')} />
          </Field>
        </div>
        <div style={{ marginTop: 12 }}>
          <Field label={l.comparables}>
            <Input.TextArea rows={3} value={f.comparables} onChange={set('comparables')} />
          </Field>
        </div>
        <Button type="primary" style={{ marginTop: 12 }} loading={busy} onClick={compute} data-testid="land-compute">
          {l.compute}
        </Button>
        {resError === undefined ? null : <Alert style={{ marginTop: 12 }} type="error" title={resError} />}
        {residual === undefined ? null : (
          <div style={{ marginTop: 12, display: 'grid', gap: 12 }}>
            <DataTable<ValuationLine>
              testId="land-breakdown"
              rowKey="key"
              dataSource={[...residual.lines]}
              columns={[
                {
                  title: l.component,
                  key: 'label',
                  render: (r: ValuationLine) => `${r.sign} ${pick(r.labelZh, r.labelEn)}`,
                },
                { title: l.yuanPerSqm, dataIndex: 'yuanPerSqm', key: 'v', align: 'right' },
              ]}
            />
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label={l.surrounding}>{residual.surroundingPriceYuanPerSqm.value}</Descriptions.Item>
              <Descriptions.Item label={l.band}>
                {residual.bandLowYuanPerSqm}–{residual.bandHighYuanPerSqm}
              </Descriptions.Item>
              <Descriptions.Item label={l.floorPrice}>
                <a data-testid="land-floor-price" onClick={() => explain(residual.floorPriceYuanPerSqm)}>
                  {residual.floorPriceYuanPerSqm.value}
                </a>
              </Descriptions.Item>
              <Descriptions.Item label={l.totalPrice}>
                <a onClick={() => explain(residual.totalPriceWanYuan)}>{residual.totalPriceWanYuan.value}</a>
              </Descriptions.Item>
            </Descriptions>
          </div>
        )}
      </Card>
      <Card title={l.industrialTitle} size="small" data-testid="land-industrial">
        <div style={grid}>
          <Field label={l.appraised}>
            <Input value={ind.appraised} onChange={(e) => setInd({ ...ind, appraised: e.target.value })} />
          </Field>
          <Field label={l.selfHeld}>
            <Input value={ind.selfHeld} onChange={(e) => setInd({ ...ind, selfHeld: e.target.value })} />
          </Field>
          <Field label={l.benchmark}>
            <Input value={ind.benchmark} onChange={(e) => setInd({ ...ind, benchmark: e.target.value })} />
          </Field>
        </div>
        <Button
          style={{ marginTop: 12 }}
          loading={indBusy}
          onClick={() =>
            runInd(() =>
              landApi.value({
                kind: 'industrial',
                plotId: f.plotId,
                appraisedYuanPerSqm: ind.appraised,
                selfHeldPercent: ind.selfHeld,
                benchmarkYuanPerSqm: ind.benchmark,
              }),
            )
          }
        >
          {l.compute}
        </Button>
        {indError === undefined ? null : <Alert style={{ marginTop: 12 }} type="error" title={indError} />}
        {industrial === undefined ? null : (
          <Descriptions style={{ marginTop: 12 }} size="small" column={4} bordered>
            <Descriptions.Item label={l.coefficient}>
              <a onClick={() => explain(industrial.coefficient)}>{industrial.coefficient.value}</a>
            </Descriptions.Item>
            <Descriptions.Item label={l.corrected}>{industrial.correctedYuanPerSqm.value}</Descriptions.Item>
            <Descriptions.Item label={l.price}>
              <a onClick={() => explain(industrial.priceYuanPerSqm)}>{industrial.priceYuanPerSqm.value}</a>
            </Descriptions.Item>
            <Descriptions.Item label={l.bound}>
              <Tag color={industrial.bound === 'none' ? 'green' : 'orange'}>
                {l.bounds[industrial.bound] ?? industrial.bound}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
    </div>
  );
}

// ── draws ──

function Checks({ v }: { v: DrawVerificationView }) {
  const { t, pick } = useI18n();
  return (
    <div data-testid="draw-verification" style={{ display: 'grid', gap: 4 }}>
      <Tag color={v.ok ? 'green' : 'red'} style={{ justifySelf: 'start' }}>
        {v.ok ? t.land.verified : t.land.notVerified}
      </Tag>
      {v.checks.map((c) => (
        <div key={c.id} style={{ fontSize: 13 }}>
          {c.ok ? '✓' : '✗'} {pick(c.messageZh, c.messageEn)}
        </div>
      ))}
    </div>
  );
}

function Draws() {
  const { t, pick } = useI18n();
  const l = t.land;
  const [purpose, setPurpose] = useState<'experts' | 'appraisal-firms' | 'lottery'>('experts');
  const [drawId, setDrawId] = useState('2025-ZZ-001-experts');
  const [candidates, setCandidates] = useState(
    'E01,张工\nE02,李工,某某地产\nE03,王工\nE04,赵工\nE05,刘工\nE06,陈工\nE07,杨工\nE08,黄工',
  );
  const [parties, setParties] = useState('B1,某某地产,竞买人');
  const [count, setCount] = useState('3');
  const [commitment, setCommitment] = useState<{ seed: string; commitment: string } | undefined>(undefined);
  const [drawn, drawError, busy, runDraw] = useRun<{ record: DrawRecordBody; verification: DrawVerificationView }>();
  const [verifyText, setVerifyText] = useState('');
  const [checked, checkError, checking, runCheck] = useRun<DrawVerificationView>();

  const rows = (text: string) =>
    text
      .split('\n')
      .map((line) => line.split(/[,，]/).map((x) => x.trim()))
      .filter((c) => c[0] !== undefined && c[0] !== '');
  const body = (): DrawRunBody => {
    const n = Number(count);
    const list = rows(candidates);
    const base = { drawId, seed: commitment?.seed, commitment: commitment?.commitment, count: n };
    if (purpose === 'experts') {
      return {
        ...base,
        purpose,
        experts: list.map(([id, name, aff]) => ({
          id: id!,
          name: name ?? id!,
          ...(aff === undefined || aff === '' ? {} : { affiliations: aff.split(/[;；]/) }),
        })),
        parties: rows(parties).map(([id, name, role]) => ({
          id: id!,
          name: name ?? id!,
          roleZh: role ?? '关联方',
          roleEn: role ?? 'party',
        })),
      };
    }
    const items = list.map(([id, name]) => ({ id: id!, name: name ?? id! }));
    return purpose === 'lottery' ? { ...base, purpose, entrants: items } : { ...base, purpose, firms: items };
  };
  const record = drawn?.record;
  const name = new Map(record?.candidates.map((c) => [c.id, c.name]) ?? []);
  return (
    <Card title={l.drawTitle} size="small" data-testid="land-draws">
      <div style={grid}>
        <Field label={l.purpose}>
          <Select
            value={purpose}
            onChange={(v: 'experts' | 'appraisal-firms' | 'lottery') => setPurpose(v)}
            options={(['experts', 'appraisal-firms', 'lottery'] as const).map((p) => ({
              value: p,
              label: l.purposes[p],
            }))}
          />
        </Field>
        <Field label={l.drawId}>
          <Input value={drawId} onChange={(e) => setDrawId(e.target.value)} />
        </Field>
        <Field label={l.count}>
          <Input value={count} onChange={(e) => setCount(e.target.value)} />
        </Field>
      </div>
      <div style={{ ...grid, marginTop: 12 }}>
        <Field label={l.candidates}>
          <Input.TextArea rows={5} value={candidates} onChange={(e) => setCandidates(e.target.value)} />
        </Field>
        {purpose === 'experts' ? (
          <Field label={l.parties}>
            <Input.TextArea rows={5} value={parties} onChange={(e) => setParties(e.target.value)} />
          </Field>
        ) : null}
      </div>
      <Space style={{ marginTop: 12 }} wrap>
        <Button onClick={() => void landApi.commit().then(setCommitment)} data-testid="draw-commit">
          {l.commit}
        </Button>
        <Button
          type="primary"
          loading={busy}
          onClick={() => runDraw(() => landApi.runDraw(body()))}
          data-testid="draw-run"
        >
          {l.run}
        </Button>
      </Space>
      {commitment === undefined ? null : (
        <div style={{ marginTop: 8, fontSize: 12, wordBreak: 'break-all' }}>
          {l.commitment}: <code>{commitment.commitment}</code>
        </div>
      )}
      {drawError === undefined ? null : <Alert style={{ marginTop: 12 }} type="error" title={drawError} />}
      {record === undefined || drawn === undefined ? null : (
        <div style={{ marginTop: 12, display: 'grid', gap: 8 }} data-testid="draw-record">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={l.commitment}>
              <code>{record.commitment}</code>
            </Descriptions.Item>
            <Descriptions.Item label={l.seed}>
              <code>{record.seed}</code>
            </Descriptions.Item>
            <Descriptions.Item label={l.listHash}>
              <code>{record.candidateListHash}</code>
            </Descriptions.Item>
            <Descriptions.Item label={l.exclusions}>
              {record.exclusions.length === 0
                ? '—'
                : record.exclusions.map((e) => (
                    <div key={e.id}>
                      {e.id}: {pick(e.reasonZh, e.reasonEn)}
                    </div>
                  ))}
            </Descriptions.Item>
            <Descriptions.Item label={l.result}>
              {record.result.map((id, i) => (
                <Tag key={id} color="blue">
                  {i + 1}. {id} {name.get(id)}
                </Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
          <Checks v={drawn.verification} />
          <Button style={{ justifySelf: 'start' }} onClick={() => setVerifyText(JSON.stringify(record, null, 2))}>
            {l.copyToVerify}
          </Button>
        </div>
      )}
      <div style={{ marginTop: 16 }}>
        <Field label={l.recordJson}>
          <Input.TextArea
            rows={6}
            value={verifyText}
            onChange={(e) => setVerifyText(e.target.value)}
            data-testid="draw-verify-text"
          />
        </Field>
        <Button
          style={{ marginTop: 8 }}
          loading={checking}
          onClick={() => runCheck(() => landApi.verifyDraw(JSON.parse(verifyText) as DrawRecordBody))}
          data-testid="draw-verify"
        >
          {l.verify}
        </Button>
        {checkError === undefined ? null : <Alert style={{ marginTop: 8 }} type="error" title={checkError} />}
        {checked === undefined ? null : (
          <div style={{ marginTop: 8 }}>
            <Checks v={checked} />
          </div>
        )}
      </div>
    </Card>
  );
}

// ── auctions ──

const EXAMPLE_RULES = {
  kind: 'residential-capped',
  landUse: 'residential',
  plotId: 'ZZ-R1',
  startingPriceWanYuan: '10000',
  incrementWanYuan: '100',
  timeoutSec: 300,
  qualifiedBidders: ['A', 'B', 'C'],
  capRatio: '1.2',
  afterCap: 'self-held-share',
  shareIncrementPercent: '5',
  floorAreaIncrementSqm: '500',
  floorAreaKind: 'public-rental',
};
const EXAMPLE_EVENTS = [
  { type: 'open', atSec: 0 },
  { type: 'bid', atSec: 10, bidder: 'A', priceWanYuan: '10000' },
  { type: 'bid', atSec: 20, bidder: 'B', priceWanYuan: '10000' },
  { type: 'bid', atSec: 30, bidder: 'B', priceWanYuan: '11000' },
  { type: 'bid', atSec: 40, bidder: 'A', priceWanYuan: '12000' },
  { type: 'share-bid', atSec: 50, bidder: 'C', selfHeldPercent: '15' },
  { type: 'share-bid', atSec: 60, bidder: 'B', selfHeldPercent: '100' },
  { type: 'area-bid', atSec: 70, bidder: 'A', floorAreaSqm: '1500' },
  { type: 'tick', atSec: 400 },
];

function Auctions() {
  const { t, pick } = useI18n();
  const l = t.land;
  const [rulesText, setRulesText] = useState(JSON.stringify(EXAMPLE_RULES, null, 2));
  const [eventsText, setEventsText] = useState(JSON.stringify(EXAMPLE_EVENTS, null, 1));
  const [seed, setSeed] = useState('2025-ZZ-R1');
  const [bidders, setBidders] = useState('5');
  const [replayed, replayError, busy, runReplay] = useRun<AuctionReplayView>();
  const [simError, setSimError] = useState<string | undefined>(undefined);

  const parse = (): AuctionLogBody =>
    ({ rules: JSON.parse(rulesText), events: JSON.parse(eventsText) }) as AuctionLogBody;
  const simulate = (): void => {
    setSimError(undefined);
    let rules: AuctionLogBody['rules'];
    try {
      rules = JSON.parse(rulesText) as AuctionLogBody['rules'];
    } catch (e) {
      setSimError((e as Error).message);
      return;
    }
    landApi
      .simulate(rules, seed, Number(bidders))
      .then((s) => {
        setRulesText(JSON.stringify(s.log.rules, null, 2));
        setEventsText(JSON.stringify(s.log.events, null, 1));
        runReplay(() => landApi.replay(s.log));
      })
      .catch((e: unknown) => setSimError(e instanceof Error ? e.message : String(e)));
  };
  const o = replayed?.outcome;
  const w = o?.winner;
  return (
    <Card title={l.auctionTitle} size="small" data-testid="land-auction">
      <div style={{ ...grid, gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))' }}>
        <Field label={l.rules}>
          <Input.TextArea
            rows={12}
            value={rulesText}
            onChange={(e) => setRulesText(e.target.value)}
            style={{ fontFamily: 'monospace' }}
          />
        </Field>
        <Field label={l.events}>
          <Input.TextArea
            rows={12}
            value={eventsText}
            onChange={(e) => setEventsText(e.target.value)}
            style={{ fontFamily: 'monospace' }}
          />
        </Field>
      </div>
      <Space style={{ marginTop: 12 }} wrap>
        <Button
          type="primary"
          loading={busy}
          onClick={() => runReplay(async () => landApi.replay(parse()))}
          data-testid="auction-replay"
        >
          {l.replay}
        </Button>
        <span>{l.seed}</span>
        <Input style={{ width: 160 }} value={seed} onChange={(e) => setSeed(e.target.value)} />
        <span>{l.bidders}</span>
        <Input style={{ width: 70 }} value={bidders} onChange={(e) => setBidders(e.target.value)} />
        <Button onClick={simulate} data-testid="auction-simulate">
          {l.simulate}
        </Button>
      </Space>
      {(replayError ?? simError) === undefined ? null : (
        <Alert style={{ marginTop: 12 }} type="error" title={replayError ?? simError} />
      )}
      {o === undefined || replayed === undefined ? null : (
        <div style={{ marginTop: 12, display: 'grid', gap: 12 }}>
          <Descriptions size="small" column={4} bordered data-testid="auction-state">
            <Descriptions.Item label={l.state}>
              <Tag color={o.phase === 'sold' ? 'green' : o.phase === 'failed' ? 'red' : 'blue'}>
                {l.phases[o.phase] ?? o.phase}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={l.cap}>{o.capWanYuan ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={l.currentPrice}>
              {o.priceWanYuan ?? '—'} {o.priceLeader === null ? '' : `(${o.priceLeader})`}
            </Descriptions.Item>
            <Descriptions.Item label={l.refusedCount}>{o.refusedCount}</Descriptions.Item>
            <Descriptions.Item label={l.share}>
              {o.selfHeldPercent ?? '—'} {o.shareLeader === null ? '' : `(${o.shareLeader})`}
            </Descriptions.Item>
            <Descriptions.Item label={l.area}>
              {o.floorAreaSqm ?? '—'} {o.areaLeader === null ? '' : `(${o.areaLeader})`}
            </Descriptions.Item>
            <Descriptions.Item label={l.winner} span={2}>
              <span data-testid="auction-winner">
                {w === null || w === undefined
                  ? '—'
                  : `${w.bidder} · ${w.priceWanYuan} ${l.wanYuan} · ${l.bases[w.basis] ?? w.basis}` +
                    (w.selfHeldPercent === null ? '' : ` · ${l.share} ${w.selfHeldPercent}`) +
                    (w.floorAreaSqm === null ? '' : ` · ${l.area} ${w.floorAreaSqm}`)}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {replayed.matchesRecorded === null ? null : (
            <Alert
              type={replayed.matchesRecorded ? 'success' : 'error'}
              title={pick(replayed.messageZh, replayed.messageEn)}
            />
          )}
          <DataTable<AuctionLogEntryView>
            testId="auction-log"
            rowKey="seq"
            dataSource={[...o.log]}
            columns={[
              { title: '#', dataIndex: 'seq', key: 'seq', width: 50 },
              { title: l.time, dataIndex: 'atSec', key: 'at', width: 80, align: 'right' },
              {
                title: l.verdict,
                key: 'kind',
                render: (e: AuctionLogEntryView) =>
                  e.kind === 'accepted' ? (
                    <Tag color="green">{l.accepted}</Tag>
                  ) : e.kind === 'refused' ? (
                    <Tag color="red">
                      {l.refused} · {e.reason}
                    </Tag>
                  ) : (
                    <Tag color="blue">{l.transition}</Tag>
                  ),
              },
              { title: l.detail, key: 'msg', render: (e: AuctionLogEntryView) => pick(e.messageZh, e.messageEn) },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

export function LandPage() {
  return (
    <div data-testid="land-page" style={{ display: 'grid', gap: 16 }}>
      <Valuation />
      <Draws />
      <Auctions />
    </div>
  );
}
