// Shared by the browser tests: axe-core against WCAG 2.1 A and AA.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

// No WCAG 2.1 A or AA violation on the page as it is now.
export async function assertAccessible(page, what) {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const found = result.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	assert.deepEqual(found, [], `${what}: axe found violations`);
	assert.ok(result.passes.length > 0, `${what}: axe checked nothing`);
}
