// The residents' RSVP pages (no account) in Debian's chromium, each state
// checked by axe-core against WCAG 2.1 A and AA: the code form, the
// meeting page, accepting with consent, the confirmation (also in
// English), and the pages for an unknown, expired, cancelled or used code
// and a stale form. tests/browser/run.sh starts the server; the meetings
// are made here with the command line on the same database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { assertAccessible } from './axe.mjs';

const url = process.env.OVERSTAP_URL;
let browser;
const codes = {};

function cli(...args) {
	return execFileSync(process.env.OVERSTAP_BIN, args, { encoding: 'utf8' });
}

// A meeting for Amsterdam's routes, invited; the invitees' codes.
function meeting(at, capacity) {
	const id = cli('meeting', 'add', '--org', 'UWV-NH', '--at', at, '--location',
		'Stadhuis, Amstel 1', '--capacity', String(capacity), '--target', 'GM0363',
		'--ww-end-from', '2000-01-01', '--ww-end-to', '2040-12-31').trim();
	cli('meeting', 'invite', id);
	const inv = JSON.parse(cli('meeting', 'invitees', id, '--purpose', 'browser test',
		'--format', 'json'));
	assert.ok(inv.length >= 3, 'at least three invitees');
	return { id, codes: inv.map((i) => i.code) };
}

before(async () => {
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
	const open = meeting('2030-06-13 19:30', 100);
	codes.accept = open.codes[0];
	codes.decline = open.codes[1];
	codes.other = open.codes[2];
	codes.past = meeting('2026-06-13 19:30', 100).codes[0];
	const cancelled = meeting('2030-06-20 19:30', 100);
	cli('meeting', 'cancel', cancelled.id);
	codes.cancelled = cancelled.codes[0];
});

after(async () => {
	await browser?.close();
});

async function newPage() {
	const context = await browser.newContext({ locale: 'nl-NL' });
	return context.newPage();
}

test('type the code, accept with consent, see the confirmation and the calendar', async () => {
	const page = await newPage();
	await page.goto(`${url}/uitnodiging`);
	await page.getByRole('heading', { level: 1, name: 'Uw uitnodiging' }).waitFor();
	await assertAccessible(page, 'the code form');
	// As a person might type it: small letters and a dash.
	const typed = `${codes.accept.slice(0, 5)}-${codes.accept.slice(5)}`.toLowerCase();
	await page.getByLabel('Code uit de brief').fill(typed);
	await page.getByRole('button', { name: 'Verder' }).click();
	await page.waitForURL(`${url}/uitnodiging/${codes.accept}`);
	await page.getByRole('heading', { level: 1, name: 'Komt u naar de bijeenkomst?' }).waitFor();
	await page.getByText('Stadhuis, Amstel 1').waitFor();
	await assertAccessible(page, 'the meeting page');
	const consent = page.getByLabel('De gemeente mag contact met mij opnemen');
	assert.equal(await consent.isChecked(), false, 'consent is not ticked beforehand');
	await page.getByLabel('Ja, ik kom').check();
	await consent.check();
	await page.getByRole('button', { name: 'Antwoord versturen' }).click();
	await page.getByRole('heading', { level: 1, name: 'Bedankt voor uw antwoord' }).waitFor();
	await page.getByRole('status').getByText('U komt naar de bijeenkomst.').waitFor();
	await page.getByText('U gaf toestemming: de gemeente Amsterdam').waitFor();
	await assertAccessible(page, 'the confirmation');
	const href = await page.getByRole('link', { name: /in uw agenda/ }).getAttribute('href');
	const ics = await page.request.get(`${url}${href}`);
	assert.equal(ics.status(), 200);
	assert.match(ics.headers()['content-type'], /^text\/calendar/);
	assert.match(await ics.text(), /BEGIN:VEVENT/);
	// The same page in English.
	await page.getByRole('link', { name: 'English' }).click();
	await page.getByRole('heading', { level: 1, name: 'Thank you for your answer' }).waitFor();
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	await assertAccessible(page, 'the confirmation in English');
	await page.context().close();
});

test('decline, and the pages for codes that do not work', async () => {
	const page = await newPage();
	await page.goto(`${url}/uitnodiging/${codes.decline}`);
	await page.getByLabel('Nee, ik kom niet').check();
	await page.getByRole('button', { name: 'Antwoord versturen' }).click();
	await page.getByText('U komt niet naar de bijeenkomst.').waitFor();
	await assertAccessible(page, 'the confirmation of a decline');

	// Used: a form for another code, sent to the declined one with "yes".
	await page.goto(`${url}/uitnodiging/${codes.other}`);
	await page.locator('form.utrecht-form').evaluate(
		(f, code) => f.setAttribute('action', `/uitnodiging/${code}`), codes.decline);
	await page.getByLabel('Ja, ik kom').check();
	await page.getByRole('button', { name: 'Antwoord versturen' }).click();
	await page.getByRole('heading', { level: 1, name: 'U heeft al geantwoord' }).waitFor();
	await assertAccessible(page, 'a used code');

	for (const [path, title] of [
		['/uitnodiging/ABCDEFGHJK', 'Code niet gevonden'],
		[`/uitnodiging/${codes.past}`, 'De bijeenkomst is voorbij'],
		[`/uitnodiging/${codes.cancelled}`, 'De bijeenkomst gaat niet door'],
	]) {
		const resp = await page.goto(`${url}${path}`);
		assert.ok(resp.status() === 404 || resp.status() === 410, `${path}: ${resp.status()}`);
		await page.getByRole('heading', { level: 1, name: title }).waitFor();
		await page.getByRole('alert').waitFor();
		await assertAccessible(page, title);
	}
	await page.context().close();
});

test('a form sent without its cookie is refused with a way back', async () => {
	const page = await newPage();
	await page.goto(`${url}/uitnodiging/${codes.other}`);
	await page.context().clearCookies();
	await page.getByLabel('Ja, ik kom').check();
	await page.getByRole('button', { name: 'Antwoord versturen' }).click();
	await page.getByRole('heading', { level: 1, name: 'Het formulier is verlopen' }).waitFor();
	await assertAccessible(page, 'a stale form');
	await page.getByRole('link', { name: 'De pagina opnieuw openen' }).click();
	await page.getByRole('heading', { level: 1, name: 'Komt u naar de bijeenkomst?' }).waitFor();
	await page.context().close();
});
