/*
 * Survivors list (/survivors): pseudonymous codes only, never names (MIN-2).
 * testids: survivors-register, survivors-search, survivors-filter-sex, survivors-filter-age,
 *   survivors-table, survivor-open-<code>, survivor-consents-<code>,
 *   survivors-load-more, survivors-empty
 */
import { useState } from 'react';
import type { ConsentView } from '../../../core/schemas/consents';
import type { SurvivorSummary } from '../../../core/schemas/survivors';
import { AGE_GROUP_IDS } from '../../../core/survivors';
import { api } from '../../app/api';
import type { ListResponse } from '../../app/api-types';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { useLoad } from '../../app/use-load';
import { Button } from '../../ui/button';
import { DataTable, type Column } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { LoadView } from '../../ui/load-view';
import { Page } from '../../ui/page';
import { ageGroupLabel, childLabel, loadVocabularies, profileLabel, storyCount } from './survivor-labels';
import './survivors.css';

const PAGE_SIZE = 25;

/** The purposes a survivor consented to and has not withdrawn, loaded per row (not audited: no identifying data). */
function ConsentGlance({ survivorId, code }: { survivorId: string; code: string }) {
  const { t } = useI18n();
  const consents = useLoad(
    (signal) => api.get<ListResponse<ConsentView>>(`/api/survivors/${survivorId}/consents`, { signal }),
    [survivorId],
  );
  if (consents.status === 'error') return <span className="muted">—</span>;
  if (!consents.data) return <span className="muted" aria-busy="true">{t('common.loading')}</span>;
  const active = [...new Set(consents.data.data.filter((c) => c.active).map((c) => c.purpose))];
  if (active.length === 0) return <span className="muted" data-testid={`survivor-consents-${code}`}>{t('survivors.consentsNone')}</span>;
  return (
    <ul className="tag-list" data-testid={`survivor-consents-${code}`}>
      {active.map((purpose) => (
        <li key={purpose} className="tag">
          {t(`survivors.consent.purpose.${purpose}`)}
        </li>
      ))}
    </ul>
  );
}

export function SurvivorsPage() {
  const { t, lang } = useI18n();
  const vocabularies = useLoad(loadVocabularies, []);
  const [codePrefix, setCodePrefix] = useState('');
  const [sex, setSex] = useState('');
  const [ageGroup, setAgeGroup] = useState('');
  const [pages, setPages] = useState<SurvivorSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const query = { codePrefix: codePrefix.trim(), sex, ageGroup, limit: PAGE_SIZE };
  const first = useLoad(
    async (signal) => {
      const page = await api.get<ListResponse<SurvivorSummary>>('/api/survivors', { query, signal });
      setPages([]);
      setCursor(page.nextCursor ?? null);
      return page.data;
    },
    [query.codePrefix, sex, ageGroup],
  );
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<ListResponse<SurvivorSummary>>('/api/survivors', { query: { ...query, cursor } });
      setPages((current) => [...current, ...page.data]);
      setCursor(page.nextCursor ?? null);
    } finally {
      setLoadingMore(false);
    }
  };

  const lists = vocabularies.data;
  const sexOptions = (lists?.sex ?? []).map((entry) => ({ value: entry.id, label: profileLabel(lists, 'sex', entry.id, lang) }));
  const columns: Column<SurvivorSummary>[] = [
    {
      key: 'code',
      header: t('survivors.code'),
      kind: 'code',
      render: (s) => (
        <span className="survivor-code">
          <Link to={`/survivors/${s.id}`} data-testid={`survivor-open-${s.code}`} dir="ltr">
            {s.code}
          </Link>
          {s.erased ? <span className="badge">{t('survivors.erasedBadge')}</span> : null}
        </span>
      ),
    },
    { key: 'sex', header: t('survivors.sex'), render: (s) => profileLabel(lists, 'sex', s.sex, lang) || t('survivors.notRecorded') },
    { key: 'age', header: t('survivors.ageGroup'), render: (s) => ageGroupLabel(s.ageGroup, lang) || t('survivors.notRecorded') },
    {
      key: 'child',
      header: t('survivors.child'),
      render: (s) => <span className={s.isChild ? 'flag flag--child' : undefined}>{childLabel(s.isChild, t)}</span>,
    },
    { key: 'consents', header: t('survivors.consents'), render: (s) => <ConsentGlance survivorId={s.id} code={s.code} /> },
    { key: 'story', header: t('survivors.narratives'), render: (s) => storyCount(s.narrativeEntries, t) },
    { key: 'registered', header: t('survivors.registered'), render: (s) => formatDate(lang, s.createdAt) },
  ];
  const filtered = Boolean(codePrefix.trim() || sex || ageGroup);

  return (
    <Page
      title={t('survivors.title')}
      intro={t('survivors.intro')}
      actions={
        <Button variant="primary" onClick={() => navigate('/survivors/new')} testId="survivors-register">
          {t('survivors.register')}
        </Button>
      }
    >
      <div className="filters">
        <div className="filters__grid">
          <TextField
            label={t('survivors.search')}
            hint={t('survivors.searchHint')}
            type="search"
            dir="ltr"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={codePrefix}
            maxLength={40}
            onChange={(event) => setCodePrefix(event.target.value)}
            testId="survivors-search"
          />
          <SelectField
            label={t('survivors.filterSex')}
            value={sex}
            onChange={(event) => setSex(event.target.value)}
            options={[{ value: '', label: t('survivors.any') }, ...sexOptions]}
            testId="survivors-filter-sex"
          />
          <SelectField
            label={t('survivors.filterAgeGroup')}
            value={ageGroup}
            onChange={(event) => setAgeGroup(event.target.value)}
            options={[{ value: '', label: t('survivors.any') }, ...AGE_GROUP_IDS.map((id) => ({ value: id, label: ageGroupLabel(id, lang) }))]}
            testId="survivors-filter-age"
          />
        </div>
      </div>
      <LoadView load={first}>
        {(data) => {
          const rows = [...data, ...pages];
          if (rows.length === 0) {
            return (
              <div data-testid="survivors-empty">
                <EmptyState>{filtered ? t('survivors.noMatch') : t('survivors.empty')}</EmptyState>
              </div>
            );
          }
          return (
            <>
              <DataTable caption={t('survivors.title')} columns={columns} rows={rows} rowKey={(s) => s.id} testId="survivors-table" />
              {cursor ? (
                <div className="load-more">
                  <Button onClick={() => void loadMore()} busy={loadingMore} testId="survivors-load-more">
                    {t('common.loadMore')}
                  </Button>
                </div>
              ) : null}
            </>
          );
        }}
      </LoadView>
    </Page>
  );
}
