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
