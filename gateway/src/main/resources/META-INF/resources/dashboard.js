// The retention dashboard: one page over the gateway's GraphQL API (queries, one mutation, subscriptions over
// graphql-transport-ws with the graphql-ws client). No build step: ECharts and graphql-ws come as webjars.
(() => {
  'use strict';

  const BAND_COLOUR = { healthy: '#2e7d32', watch: '#f9a825', at_risk: '#c62828' };
  const QUADRANT_LABEL = {
    active_advocates: 'Active Advocates', silent_satisfieds: 'Silent Satisfieds',
    struggling_needy: 'Struggling / Needy', at_risk_disengaged: 'At-Risk / Disengaged',
  };
  const PAGE = 200;
  const MAX_ACCOUNTS = 10000;

  const state = { token: null, live: null, subscriptions: [], charts: {}, points: new Map(), accountId: null };
  const $ = (id) => document.getElementById(id);
  const text = (id, value) => { $(id).textContent = value == null ? '–' : String(value); };
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const money = (v, currency) => v == null ? '–' : new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency || 'EUR', maximumFractionDigits: 0 }).format(Number(v));
  const pct = (v) => v == null ? '–' : (Number(v) * 100).toFixed(1) + '%';

  // --- the caller's token ---------------------------------------------------------------------------------------
  function readToken() {
    const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem('retention.token', decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search + '#');
    }
    return sessionStorage.getItem('retention.token');
  }

  function signOut() {
    sessionStorage.removeItem('retention.token');
    location.hash = '#';
    location.reload();
  }

  // --- GraphQL over HTTP ----------------------------------------------------------------------------------------
  async function gql(query, variables) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token },
      body: JSON.stringify({ query, variables: variables || {} }),
    });
    const body = await response.json().catch(() => ({ errors: [{ message: 'HTTP ' + response.status }] }));
    if (body.errors && body.errors.length) {
      const first = body.errors[0];
      const code = first.extensions && (first.extensions.code || first.extensions.classification);
      if (code === 'unauthorized' && !body.data) {
        showSignIn('Your token was refused: sign in again.');
      }
      showError(body.errors.map((e) => (e.extensions && e.extensions.code ? e.extensions.code + ': ' : '') + e.message).join(' · '));
      if (!body.data) {
        throw new Error(first.message);
      }
    }
    return body.data;
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = false;
  }

  function clearError() {
    $('error').hidden = true;
  }

  // --- live updates: graphql-transport-ws -----------------------------------------------------------------------
  function connectLive() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
    state.live = graphqlWs.createClient({
      url,
      connectionParams: () => ({ Authorization: 'Bearer ' + state.token }),
      retryAttempts: 1000,
      shouldRetry: () => true,
      on: {
        connected: () => { $('live').textContent = 'live'; $('live').classList.add('on'); },
        closed: () => { $('live').textContent = 'offline'; $('live').classList.remove('on'); },
      },
    });
  }

  function subscribe(query, variables, onData) {
    const dispose = state.live.subscribe({ query, variables }, {
      next: (message) => message.data && onData(message.data),
      error: (error) => showError('Live updates: ' + (error && error.message ? error.message : JSON.stringify(error))),
      complete: () => {},
    });
    state.subscriptions.push(dispose);
  }

  function unsubscribeAll() {
    state.subscriptions.splice(0).forEach((dispose) => dispose());
  }

  // --- routing ----------------------------------------------------------------------------------------------------
  function route() {
    clearError();
    unsubscribeAll();
    const match = /^#account=(.+)$/.exec(location.hash);
    $('portfolio').hidden = !!match;
    $('account').hidden = !match;
    if (match) {
      showAccount(decodeURIComponent(match[1]));
    } else {
      showPortfolio();
    }
  }

  function chart(id) {
    if (!state.charts[id]) {
      state.charts[id] = echarts.init($(id));
      window.addEventListener('resize', () => state.charts[id].resize());
    }
    return state.charts[id];
  }

  // --- the portfolio ------------------------------------------------------------------------------------------------
  const PORTFOLIO = `query Portfolio {
    portfolio { arrAtEnd retention { nrr grr expansionRate } timeToValue { medianDays reached }
      advocacy { rate } health { healthy watch atRisk unknown }
      industries { industry benchmarkLow benchmarkHigh verdict figures { startingArr nrr } } }
    retentionHistory(months: 12) { to nrr grr }
    silentAudit(first: 100) { silentDays silentAccounts silentArr cohortSize cohortArr
      accounts { rank accountId name arr daysSinceHumanContact owner quadrant satisfactionTrap inPilotCohort }
      pilots { pilotId startedAt cohortSize reengaged reengagementRate verdict } } }`;
  const ACCOUNTS = `query Accounts($after: String) {
    accounts(first: ${PAGE}, after: $after) { pageInfo { hasNextPage endCursor }
      nodes { id name arr health { score band } signals { activeDays30 inboundContacts90 }
              flags { satisfactionTrap } quadrant { current } } } }`;

  async function showPortfolio() {
    state.accountId = null;
    const [data] = await Promise.all([gql(PORTFOLIO), loadAccounts()]);
    renderKpis(data.portfolio);
    renderDistribution(data.portfolio.health);
    renderRetention(data.retentionHistory, data.portfolio.industries);
    renderAudit(data.silentAudit);
    subscribe('subscription { healthChanged { accountId score band } }', {}, ({ healthChanged: change }) => {
      const point = state.points.get(change.accountId);
      if (point) {
        point.score = change.score;
        point.band = change.band;
        renderScatter();
      }
    });
  }

  async function loadAccounts() {
    state.points.clear();
    let after = null;
    do {
      const data = await gql(ACCOUNTS, { after });
      data.accounts.nodes.filter((a) => a.quadrant && a.signals).forEach((a) => state.points.set(a.id, {
        id: a.id, name: a.name || a.id, arr: Number(a.arr || 0), usage: a.signals.activeDays30 || 0,
        contact: a.signals.inboundContacts90 || 0, score: a.health && a.health.score, band: a.health && a.health.band,
        trap: a.flags && a.flags.satisfactionTrap, quadrant: a.quadrant.current,
      }));
      after = data.accounts.pageInfo.hasNextPage ? data.accounts.pageInfo.endCursor : null;
    } while (after && state.points.size < MAX_ACCOUNTS);
    renderScatter();
  }

  // A small, stable offset per account so that accounts with the same whole-number signals do not hide each other.
  function jitter(id, salt) {
    let h = salt;
    for (let i = 0; i < id.length; i++) { h = (h * 31 + id.charCodeAt(i)) | 0; }
    return ((Math.abs(h) % 1000) / 1000 - 0.5) * 0.6;
  }

  function renderScatter() {
    const points = [...state.points.values()];
    const maxArr = Math.max(1, ...points.map((p) => p.arr));
    // Largest first: small bubbles are drawn on top of large ones and stay clickable.
    points.sort((a, b) => b.arr - a.arr);
    const data = points.map((p) => ({
      id: p.id, name: p.name,
      value: [p.usage + jitter(p.id, 7), p.contact + jitter(p.id, 13), p.arr, p.score],
      symbol: p.trap ? 'diamond' : 'circle',
      symbolSize: 8 + 30 * Math.sqrt(p.arr / maxArr),
      itemStyle: { color: BAND_COLOUR[p.band] || '#9e9e9e', opacity: 0.8, borderColor: p.trap ? '#000' : '#fff', borderWidth: p.trap ? 2 : 1 },
    }));
    const scatter = chart('scatter');
    scatter.setOption({
      animation: false,
      grid: { left: 55, right: 20, top: 20, bottom: 45 },
      tooltip: { formatter: (p) => `${esc(p.data.name)}<br>ARR ${money(p.value[2])} · health ${p.value[3] == null ? '–' : p.value[3]}` },
      xAxis: { name: 'active days (30)', nameLocation: 'middle', nameGap: 28, min: 0 },
      yAxis: { name: 'inbound contacts (90 days)', nameLocation: 'middle', nameGap: 32, min: 0 },
      series: [{ type: 'scatter', data }],
    }, true);
    scatter.off('click');
    scatter.on('click', (p) => { location.hash = '#account=' + encodeURIComponent(p.data.id); });
    $('scatter').dataset.points = String(data.length);
  }

  function renderKpis(p) {
    const r = p.retention || {};
    const tiles = [['ARR', money(p.arrAtEnd)], ['NRR', pct(r.nrr)], ['GRR', pct(r.grr)], ['Expansion', pct(r.expansionRate)],
      ['Advocacy rate', pct(p.advocacy && p.advocacy.rate)],
      ['Time to value', p.timeToValue && p.timeToValue.medianDays != null ? Number(p.timeToValue.medianDays).toFixed(0) + ' days' : '–']];
    $('kpis').innerHTML = tiles.map(([label, value]) => `<div class="tile"><span class="label">${label}</span><span class="value">${value}</span></div>`).join('');
  }

  function renderDistribution(h) {
    chart('distribution').setOption({
      animation: false,
      grid: { left: 40, right: 10, top: 10, bottom: 30 },
      xAxis: { type: 'category', data: ['healthy', 'watch', 'at risk', 'no score'] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: [
        { value: h.healthy, itemStyle: { color: BAND_COLOUR.healthy } }, { value: h.watch, itemStyle: { color: BAND_COLOUR.watch } },
        { value: h.atRisk, itemStyle: { color: BAND_COLOUR.at_risk } }, { value: h.unknown, itemStyle: { color: '#9e9e9e' } }] }],
    }, true);
  }

  function renderRetention(points, industries) {
    // The benchmark band of the portfolio's largest industry (by starting ARR).
    const main = (industries || []).filter((i) => i.benchmarkLow != null)
      .sort((a, b) => Number((b.figures || {}).startingArr || 0) - Number((a.figures || {}).startingArr || 0))[0];
    const band = main ? [[{ yAxis: Number(main.benchmarkLow) * 100, name: 'benchmark ' + main.industry }, { yAxis: Number(main.benchmarkHigh) * 100 }]] : [];
    text('retention-band', main ? `Shaded: the ${main.industry} NRR benchmark band, ${pct(main.benchmarkLow)}–${pct(main.benchmarkHigh)} (verdict: ${main.verdict}).` : '');
    const value = (v) => v == null ? null : +(Number(v) * 100).toFixed(1);
    chart('retention').setOption({
      animation: false,
      legend: { data: ['NRR', 'GRR'] },
      tooltip: { trigger: 'axis' },
      grid: { left: 45, right: 15, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: points.map((p) => p.to) },
      yAxis: { type: 'value', name: '%', scale: true },
      series: [
        { name: 'NRR', type: 'line', data: points.map((p) => value(p.nrr)), markArea: { itemStyle: { color: 'rgba(21,101,192,0.12)' }, data: band } },
        { name: 'GRR', type: 'line', data: points.map((p) => value(p.grr)) }],
    }, true);
  }

  function renderAudit(audit) {
    $('audit-summary').textContent = `${audit.silentAccounts} active accounts without human contact for ${audit.silentDays}+ days `
      + `(${money(audit.silentArr)} ARR); the pilot cohort is the top ${audit.cohortSize} by ARR (${money(audit.cohortArr)}).`
      + (audit.pilots.length ? ` Latest pilot: ${audit.pilots[0].pilotId}, ${audit.pilots[0].reengaged} of ${audit.pilots[0].cohortSize} re-engaged (${audit.pilots[0].verdict}; expected 15–25%).` : '');
    $('silent-table').querySelector('tbody').innerHTML = audit.accounts.map((a) => `
      <tr class="${a.inPilotCohort ? 'cohort' : ''}" data-account="${esc(a.accountId)}">
        <td>${a.rank}</td><td><a href="#account=${encodeURIComponent(a.accountId)}">${esc(a.name || a.accountId)}</a></td>
        <td>${money(a.arr)}</td><td>${a.daysSinceHumanContact == null ? 'never' : a.daysSinceHumanContact}</td><td>${esc(a.owner)}</td>
        <td>${esc(QUADRANT_LABEL[a.quadrant] || a.quadrant || '')}</td>
        <td>${a.inPilotCohort ? '<span class="badge">pilot cohort</span>' : ''}${a.satisfactionTrap ? '<span class="badge trap">satisfaction trap</span>' : ''}</td>
      </tr>`).join('');
  }

  async function startPilot() {
    $('start-pilot').disabled = true;
    try {
      const data = await gql('mutation { startSilentAuditPilot { pilotId cohortSize windowEndsAt } }');
      if (data && data.startSilentAuditPilot) {
        const p = data.startSilentAuditPilot;
        text('pilot-result', `Pilot ${p.pilotId} started: ${p.cohortSize} accounts get the check-in outreach until ${(p.windowEndsAt || '').substring(0, 10)}.`);
      } else {
        text('pilot-result', 'Not started: ' + $('error').textContent);
      }
    } catch (e) {
      text('pilot-result', 'Not started: ' + e.message);
    } finally {
      $('start-pilot').disabled = false;
    }
  }

  // --- one account ----------------------------------------------------------------------------------------------------
  const ACCOUNT = `query Account($id: ID!) { account(id: $id) { id name industry planTier arr currency renewalDate owner
      health { score band version explanation components { name value weight contribution } detail { changes }
               history(limit: 500) { at score band } }
      engagementScore quadrant { current since } flags { satisfactionTrap premiumPaysBasicUse }
      expansion { eligible plays reasons } churnRisk { probability band drivers { text } }
      nurture { enrollmentId cadenceId status trigger enteredAt endedAt endReason
                steps { stepIndex channel content sentAt skipped lastOutcome } } } }`;

  async function showAccount(id) {
    state.accountId = id;
    const data = await gql(ACCOUNT, { id });
    const a = data.account;
    if (!a) {
      showError('No account ' + id);
      return;
    }
    text('account-name', a.name || a.id);
    text('account-facts', [a.industry, a.planTier, money(a.arr, a.currency) + ' ARR', a.renewalDate && 'renews ' + a.renewalDate,
      a.owner && 'owner ' + a.owner].filter(Boolean).join(' · '));
    text('account-quadrant', a.quadrant ? QUADRANT_LABEL[a.quadrant.current] : '–');
    text('account-engagement', a.engagementScore);
    text('account-flags', [a.flags.satisfactionTrap && 'satisfaction trap', a.flags.premiumPaysBasicUse && 'pays premium, uses basic']
      .filter(Boolean).join(', ') || 'none');
    text('account-churn', a.churnRisk ? `${(a.churnRisk.probability * 100).toFixed(0)}% (${a.churnRisk.band})` : 'no model yet');
    $('churn-drivers').innerHTML = a.churnRisk ? a.churnRisk.drivers.map((d) => `<li>${esc(d.text)}</li>`).join('') : '';
    renderHealth(a.health);
    renderHistory(a.health ? a.health.history : []);
    renderEligibility(a.expansion);
    renderNurture(a.nurture || []);
    subscribe(`subscription Live($id: ID) { healthChanged(accountId: $id) { accountId score band version explanation computedAt } }`,
      { id }, ({ healthChanged: change }) => {
        if (change.accountId !== state.accountId) return;
        renderHealth(Object.assign({}, state.health || {}, change));
        const history = (state.history || []).concat([{ at: change.computedAt, score: change.score, band: change.band }]);
        renderHistory(history);
      });
  }

  function renderHealth(h) {
    state.health = h;
    const score = $('account-score');
    score.textContent = h ? h.score : '–';
    score.dataset.version = h ? String(h.version) : '';
    $('account-band').textContent = h ? h.band.replace('_', ' ') : '';
    $('account-band').className = 'band ' + (h ? h.band : '');
    text('account-explanation', h ? h.explanation : 'Not scored yet.');
    if (h && h.components) {
      $('components').querySelector('tbody').innerHTML = h.components.map((c) =>
        `<tr><td>${esc(c.name)}</td><td>${c.value}</td><td>${c.weight}</td><td>${c.contribution}</td></tr>`).join('');
    }
    if (h && h.detail) {
      $('changes').innerHTML = (h.detail.changes || []).map((c) => `<li>${esc(c)}</li>`).join('');
    }
  }

  function renderHistory(points) {
    state.history = points;
    chart('history').setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 15, top: 15, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: 0, max: 100 },
      visualMap: { show: false, dimension: 1, pieces: [{ lt: 40, color: BAND_COLOUR.at_risk }, { gte: 40, lt: 70, color: BAND_COLOUR.watch }, { gte: 70, color: BAND_COLOUR.healthy }] },
      series: [{ type: 'line', step: 'end', data: points.map((p) => [p.at, p.score]) }],
    }, true);
  }

  function renderEligibility(e) {
    if (!e) {
      text('eligibility', 'Unknown (nurture-service did not answer).');
      $('eligibility-reasons').innerHTML = '';
      return;
    }
    $('eligibility').innerHTML = e.eligible ? `<strong>Eligible</strong> for ${e.plays.map(esc).join(', ')}` : '<strong>Not eligible</strong> for an expansion play now';
    $('eligibility-reasons').innerHTML = (e.reasons || []).map((r) => `<li>${esc(r)}</li>`).join('');
  }

  function renderNurture(enrollments) {
    $('nurture').innerHTML = enrollments.length ? enrollments.map((n) => `
      <li><strong>${esc(n.cadenceId)}</strong> (${esc(n.status)}${n.endReason ? ': ' + esc(n.endReason) : ''}), since ${esc((n.enteredAt || '').substring(0, 10))}
        <ul>${(n.steps || []).map((s) => `<li>step ${s.stepIndex + 1}: ${esc(s.channel)} · ${esc(s.content)} · ${s.sentAt ? 'sent ' + esc(s.sentAt.substring(0, 10)) : esc(s.skipped || 'pending')}${s.lastOutcome ? ' · ' + esc(s.lastOutcome) : ''}</li>`).join('')}</ul>
      </li>`).join('') : '<li>Not enrolled in any cadence.</li>';
  }

  // --- start ---------------------------------------------------------------------------------------------------------
  function showSignIn(message) {
    $('sign-in').hidden = false;
    $('portfolio').hidden = true;
    $('account').hidden = true;
    if (message) showError(message);
  }

  function start() {
    state.token = readToken();
    $('sign-in-form').addEventListener('submit', (e) => {
      e.preventDefault();
      sessionStorage.setItem('retention.token', $('token-input').value.trim());
      location.reload();
    });
    $('sign-out').addEventListener('click', signOut);
    $('start-pilot').addEventListener('click', startPilot);
    if (!state.token) {
      showSignIn();
      return;
    }
    $('sign-out').hidden = false;
    connectLive();
    window.addEventListener('hashchange', route);
    route();
  }

  // For tests and the curious: the scatter's chart and its points.
  window.dashboard = { charts: state.charts, points: state.points };
  start();
})();
