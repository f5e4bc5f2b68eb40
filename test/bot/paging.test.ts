import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePageButton, encodePageButton } from '../../src/bot/paging/custom-id.ts';
import { needsButtons, pageMessage } from '../../src/bot/paging/page-message.ts';
import { PageSessions } from '../../src/bot/paging/sessions.ts';
import type { Paged } from '../../src/bot/render/paged.ts';

const threePages: Paged = {
  pages: [
    { content: 'p1', embeds: [{ title: 'a' }], full: [[{ title: 'a full' }]] },
    { content: 'p2', embeds: [{ title: 'b' }] },
    { content: 'p3', embeds: [{ title: 'c' }] },
  ],
};

describe('page button ids', () => {
  it('GIVEN a button THEN encodes and decodes it, within 100 characters', () => {
    const id = encodePageButton({ session: 'abcDEF123_-', action: 'go', page: 2 }, 'n');
    assert.ok(id.length <= 100, 'expected id.length <= 100');
    assert.deepEqual(decodePageButton(id), { session: 'abcDEF123_-', action: 'go', page: 2 });
    assert.deepEqual(decodePageButton(encodePageButton({ session: 's', action: 'full', page: 0 })), { session: 's', action: 'full', page: 0 });
  });
  it('GIVEN a foreign id THEN decodes nothing', () => {
    assert.equal(decodePageButton('more'), undefined);
    assert.equal(decodePageButton('page:x:delete:1'), undefined);
  });
});

describe('pageMessage', () => {
  it('GIVEN the first of three pages THEN Previous is disabled, Next goes to page 2, Show full is enabled', () => {
    const message = pageMessage(threePages, 0, 'S');
    const buttons = message.components[0]!.components;
    assert.deepEqual(
      buttons.map((b) => ['label' in b ? b.label : '', 'custom_id' in b ? b.custom_id : '', b.disabled]),
      [
        ['Previous', 'page:S:go:0:p', true],
        ['Next', 'page:S:go:1:n', false],
        ['Show full passage', 'page:S:full:0', false],
      ],
    );
    assert.deepEqual(message.allowedMentions, { parse: [], repliedUser: false });
  });
  it('GIVEN the last page THEN Next is disabled and Show full is disabled when nothing was shortened', () => {
    const buttons = pageMessage(threePages, 2, 'S').components[0]!.components;
    assert.deepEqual(buttons.map((b) => b.disabled), [false, true, true]);
    assert.equal('custom_id' in buttons[0]! ? buttons[0].custom_id : '', 'page:S:go:1:p');
  });
  it('GIVEN a one-page answer with nothing shortened THEN no buttons', () => {
    const single: Paged = { pages: [{ content: 'x', embeds: [] }] };
    assert.equal(needsButtons(single), false);
    assert.deepEqual(pageMessage(single, 0, null).components, []);
  });
  it('GIVEN a one-page answer with a shortened passage THEN only Show full passage', () => {
    const single: Paged = { pages: [{ content: 'x', embeds: [{ title: 'a' }], full: [[{ title: 'f' }]] }] };
    assert.equal(needsButtons(single), true);
    assert.deepEqual(pageMessage(single, 0, 'S').components[0]!.components.map((b) => ('label' in b ? b.label : '')), ['Show full passage']);
  });
});

describe('PageSessions', () => {
  it('GIVEN a session THEN finds it until it expires', () => {
    let now = 1000;
    const sessions = new PageSessions({ ttlMs: 100, now: () => now });
    const session = sessions.create('u1', threePages);
    assert.equal(sessions.get(session.id)?.ownerId, 'u1');
    now += 100;
    assert.equal(sessions.get(session.id), undefined);
  });
  it('GIVEN more sessions than the cap THEN forgets the oldest', () => {
    const sessions = new PageSessions({ maxSessions: 2 });
    const first = sessions.create('u', threePages);
    sessions.create('u', threePages);
    sessions.create('u', threePages);
    assert.equal(sessions.size, 2);
    assert.equal(sessions.get(first.id), undefined);
  });
});
