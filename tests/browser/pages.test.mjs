// The staff pages in Debian's chromium (playwright-core), each checked by
// axe-core against WCAG 2.1 A and AA. tests/browser/run.sh sets up the
// server, the data and the accounts and passes them in the environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { assertAccessible } from './axe.mjs';

const url = process.env.OVERSTAP_URL;
const user = process.env.OVERSTAP_USER;
const password = process.env.OVERSTAP_PASSWORD;
let browser;

before(async () => {
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
});

after(async () => {
	await browser?.close();
});

async function newPage() {
	const context = await browser.newContext({ locale: 'nl-NL' });
	return context.newPage();
}

async function signIn(page, email, pw) {
	await page.goto(`${url}/inloggen`);
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByLabel('Wachtwoord').fill(pw);
	await page.getByRole('button', { name: 'Inloggen' }).click();
}

test('the sign-in page, and a wrong password, are accessible and say nothing more', async () => {
	const page = await newPage();
	await page.goto(`${url}/`);
	assert.equal(new URL(page.url()).pathname, '/inloggen');
	assert.equal(await page.getAttribute('html', 'lang'), 'nl');
	await assertAccessible(page, 'sign-in');
	await signIn(page, user, 'not the password at all');
	await assert.doesNotReject(page.getByRole('alert').getByText('E-mailadres of wachtwoord onjuist').waitFor());
	await assertAccessible(page, 'sign-in with an error');
	await signIn(page, 'nobody@uwv.example.nl', password);
	await page.getByRole('alert').getByText('E-mailadres of wachtwoord onjuist').waitFor();
	await page.context().close();
});

test('sign in, see the werkvoorraad, filter, sort, page on and switch language', async () => {
	const page = await newPage();
	await signIn(page, user, password);
	await page.getByRole('heading', { level: 1, name: 'Welkom' }).waitFor();
	await assertAccessible(page, 'start');

	await page.getByRole('link', { name: 'Werkvoorraad' }).first().click();
	await page.getByRole('heading', { level: 1, name: 'Werkvoorraad' }).waitFor();
	const rows = page.locator('tbody tr');
	assert.equal(await rows.count(), 50);
	await assertAccessible(page, 'werkvoorraad');

	// Filter: WW ends within 3 months; every row's days left fits.
	await page.getByLabel('WW eindigt binnen').selectOption('3');
	await page.getByRole('button', { name: 'Toepassen' }).click();
	await page.waitForURL(/venster=3/);
	const days = await page.locator('tbody td.utrecht-table__cell--numeric').allTextContents();
	assert.ok(days.length > 0);
	for (const d of days) assert.ok(Number(d) > 0 && Number(d) <= 92, `days left ${d}`);

	// Sort by name, descending on the second click.
	await page.getByRole('link', { name: /^Naam/ }).click();
	await page.waitForURL(/sorteer=name&richting=op/);
	const th = page.locator('th[aria-sort]');
	assert.equal(await th.getAttribute('aria-sort'), 'ascending');
	const names = await page.locator('tbody tr td:first-child').allTextContents();
	const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	assert.deepEqual(names.map((n) => n.split(',')[0]), sorted.map((n) => n.split(',')[0]));
	await page.getByRole('link', { name: /^Naam/ }).click();
	await page.waitForURL(/richting=af/);
	assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'descending');

	// The next page holds other routes.
	await page.goto(`${url}/werkvoorraad`);
	const first = await page.locator('tbody tr').first().getAttribute('data-route');
	await page.getByRole('link', { name: 'Volgende pagina' }).click();
	await page.waitForURL(/na=/);
	const second = await page.locator('tbody tr').first().getAttribute('data-route');
	assert.notEqual(first, second);
	await assertAccessible(page, 'werkvoorraad, page 2');

	// English, remembered for the next page.
	await page.getByRole('link', { name: 'English' }).click();
	await page.getByRole('heading', { level: 1, name: 'Work queue' }).waitFor();
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	await assertAccessible(page, 'work queue (English)');
	await page.getByRole('link', { name: 'Home' }).click();
	await page.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
	await page.getByRole('link', { name: 'Nederlands' }).click();
	await page.getByRole('heading', { level: 1, name: 'Welkom' }).waitFor();

	// Sign out: the werkvoorraad is closed again.
	await page.getByRole('button', { name: 'Uitloggen' }).click();
	await page.getByText('U bent uitgelogd.').waitFor();
	await page.goto(`${url}/werkvoorraad`);
	assert.equal(new URL(page.url()).pathname, '/inloggen');
	await page.context().close();
});

test('the import page shows every problem with its line and field', async () => {
	const page = await newPage();
	await signIn(page, user, password);
	await page.getByRole('link', { name: 'WW-bestand inlezen' }).first().click();
	await assertAccessible(page, 'import');
	const file = `${process.env.OVERSTAP_TMP}/fout.csv`;
	writeFileSync(
		file,
		'bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,ww_start,ww_end\n' +
			'111222333,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2027-01-01\n' +
			'123456782,Jansen,Jan,1980-05-17,GM9999,1012 AB,12,2026-01-01,2027-01-01\n'
	);
	await page.getByLabel('Bestand (CSV)').setInputFiles(file);
	await page.getByRole('button', { name: 'Inlezen' }).click();
	await page.getByText('Het bestand is niet ingelezen').waitFor();
	const cells = await page.locator('#fouten tbody tr').first().locator('td').allTextContents();
	assert.deepEqual(cells, ['3', 'gemeentecode', 'onbekende gemeentecode']);
	await assertAccessible(page, 'import report');
	await page.context().close();
});

test('a one-time password must be changed at the first sign-in', async () => {
	const page = await newPage();
	await signIn(page, process.env.OVERSTAP_OTP_USER, process.env.OVERSTAP_OTP);
	await page.getByRole('heading', { level: 1, name: 'Wachtwoord wijzigen' }).waitFor();
	await assertAccessible(page, 'password change');
	// Nothing else is open yet.
	await page.goto(`${url}/werkvoorraad`);
	assert.equal(new URL(page.url()).pathname, '/wachtwoord');
	await page.getByLabel('Huidig wachtwoord').fill(process.env.OVERSTAP_OTP);
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een lang nieuw wachtwoord');
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('een ander lang wachtwoord');
	await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
	await page.getByRole('alert').getByText('niet gelijk').waitFor();
	await assertAccessible(page, 'password change with an error');
	await page.getByLabel('Huidig wachtwoord').fill(process.env.OVERSTAP_OTP);
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een lang nieuw wachtwoord');
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('een lang nieuw wachtwoord');
	await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
	await page.getByText('Uw wachtwoord is gewijzigd.').waitFor();
	await page.goto(`${url}/werkvoorraad`);
	await page.getByRole('heading', { level: 1, name: 'Werkvoorraad' }).waitFor();
	await page.context().close();
});

test('a warning before the idle timeout, with a way to extend the session', async () => {
	const page = await newPage();
	await page.clock.install();
	await signIn(page, user, password);
	await page.getByRole('heading', { level: 1, name: 'Welkom' }).waitFor();
	const warning = page.locator('#sessie-waarschuwing');
	assert.equal(await warning.isVisible(), false);
	const left = Number(await page.locator('#sessie').getAttribute('data-left'));
	const warn = Number(await page.locator('#sessie').getAttribute('data-warn'));
	assert.ok(left > warn);
	await page.clock.fastForward((left - warn + 1) * 1000);
	await warning.waitFor({ state: 'visible' });
	await assertAccessible(page, 'start with the session warning');
	await warning.getByRole('button', { name: 'Sessie verlengen' }).click();
	await page.getByRole('heading', { level: 1, name: 'Welkom' }).waitFor();
	assert.equal(await page.locator('#sessie-waarschuwing').isVisible(), false);
	await page.context().close();
});

test('sign in, filter the werkvoorraad, open a route and see its timeline', async () => {
	const page = await newPage();
	await signIn(page, user, password);
	await page.getByRole('link', { name: 'Werkvoorraad' }).first().click();
	await page.getByLabel('WW eindigt binnen').selectOption('6');
	await page.getByRole('button', { name: 'Toepassen' }).click();
	await page.waitForURL(/venster=6/);
	const link = page.locator('tbody tr').first().getByRole('link');
	const listed = (await link.textContent()).split(', ');
	await link.click();
	await page.getByRole('heading', { level: 1, name: 'Traject' }).waitFor();
	assert.match(new URL(page.url()).pathname, /^\/trajecten\/\d+$/);
	// The person: "Family, Given" in the list is "Given Family" here.
	const name = await page.getByRole('heading', { level: 2 }).first().textContent();
	assert.equal(name, `${listed[1]} ${listed[0]}`);
	const timeline = page.getByRole('list', { name: 'Wat er gebeurd is' });
	await timeline.getByText('Gesignaleerd: de WW eindigt binnenkort').waitFor();
	await assertAccessible(page, 'route');

	// A note lands on top of the timeline; a phase change on top of that.
	await page.getByLabel('Notitie').fill('Gebeld, komt naar de bijeenkomst');
	await page.getByRole('button', { name: 'Notitie opslaan' }).click();
	await page.getByRole('status').getByText('Opgeslagen.').waitFor();
	await page.getByLabel('Nieuwe fase').selectOption('informed');
	await page.getByRole('button', { name: 'Fase wijzigen' }).click();
	await page.waitForURL(/melding=opgeslagen/);
	const items = await timeline.getByRole('listitem').allTextContents();
	assert.match(items[0], /Fase gewijzigd/);
	assert.match(items[0], /Gesignaleerd → Voorgelicht/);
	assert.match(items[1], /Gebeld, komt naar de bijeenkomst/);
	assert.match(items[items.length - 1], /Gesignaleerd/);
	assert.equal(await page.locator('#fase-nu').textContent(), 'Voorgelicht');
	await assertAccessible(page, 'route after a change');

	// English.
	await page.getByRole('link', { name: 'English' }).click();
	await page.getByRole('heading', { level: 1, name: 'Route' }).waitFor();
	await page.getByRole('list', { name: 'What happened' }).getByText('Note').first().waitFor();
	await assertAccessible(page, 'route (English)');
	await page.getByRole('link', { name: 'Nederlands' }).click();
	await page.context().close();
});

// The funnel row's count: the first cell after the row heading.
async function funnelCount(page, step) {
	const row = page
		.locator('#trechter-tabel tbody tr')
		.filter({ has: page.getByRole('rowheader', { name: step, exact: true }) });
	return Number(await row.locator('td').first().textContent());
}

test('the meeting page and the attendance list: tick two, save, see the funnel change', async () => {
	const page = await newPage();
	await signIn(page, user, password);
	await page.getByRole('link', { name: 'Bijeenkomsten' }).first().click();
	await page.getByRole('heading', { level: 1, name: 'Bijeenkomsten' }).waitFor();
	await assertAccessible(page, 'meetings');
	const row = page.locator(`tr[data-meeting="${process.env.OVERSTAP_MEETING}"]`);
	assert.match(await row.textContent(), /Buurthuis De Brug/);
	await row.getByRole('link').click();
	await page.getByRole('heading', { level: 1, name: 'Bijeenkomst' }).waitFor();
	await assertAccessible(page, 'meeting');
	const invited = await funnelCount(page, 'Uitgenodigd');
	assert.ok(invited >= 2, `invited ${invited}`);
	assert.equal(await funnelCount(page, 'Aanwezig'), 0);

	await page.getByRole('link', { name: 'Aanwezigheid bijhouden' }).click();
	await page.getByRole('heading', { level: 1, name: 'Aanwezigheid' }).waitFor();
	await assertAccessible(page, 'attendance list');
	const boxes = page.getByRole('checkbox');
	assert.equal(await boxes.count(), invited);
	await boxes.nth(0).check();
	await boxes.nth(1).check();
	await page.getByRole('button', { name: 'Aanwezigheid opslaan' }).click();
	await page.getByRole('status').getByText('De aanwezigheid is opgeslagen.').waitFor();
	assert.equal(await funnelCount(page, 'Aanwezig'), 2);
	assert.equal(await funnelCount(page, 'Niet gekomen'), invited - 2);
	await assertAccessible(page, 'meeting after attendance');

	// Nobody ticked: refused with a message, nothing changes.
	await page.getByRole('link', { name: 'Aanwezigheid bijhouden' }).click();
	for (const box of await page.getByRole('checkbox').all()) await box.uncheck();
	await page.getByRole('button', { name: 'Aanwezigheid opslaan' }).click();
	await page.getByRole('alert').getByText('vink minstens één persoon aan').waitFor();
	await assertAccessible(page, 'attendance list with an error');
	await page.context().close();
});
