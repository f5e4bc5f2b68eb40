import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePageButton, encodePageButton } from '../../src/bot/paging/custom-id.ts';
import { ENGLISH_BUTTON, needsButtons, pageMessage } from '../../src/bot/paging/page-message.ts';
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
  it('GIVEN a button that shows or hides the English THEN the view travels in the id; ids of older messages still decode', () => {
    assert.deepEqual(decodePageButton(encodePageButton({ session: 's', action: 'go', page: 1, english: true }, 'l')), { session: 's', action: 'go', page: 1, english: true });
    assert.deepEqual(decodePageButton('page:s:go:1:a:n'), { session: 's', action: 'go', page: 1, english: false });
    assert.deepEqual(decodePageButton('page:s:go:1:n'), { session: 's', action: 'go', page: 1 });
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
        ['Previous', 'page:S:go:0:a:p', true],
        ['Next', 'page:S:go:1:a:n', false],
        ['Show full passage', 'page:S:full:0', false],
      ],
    );
    assert.deepEqual(message.allowedMentions, { parse: [], repliedUser: false });
  });
  it('GIVEN the last page THEN Next is disabled and Show full is disabled when nothing was shortened', () => {
    const buttons = pageMessage(threePages, 2, 'S').components[0]!.components;
    assert.deepEqual(buttons.map((b) => b.disabled), [false, true, true]);
    assert.equal('custom_id' in buttons[0]! ? buttons[0].custom_id : '', 'page:S:go:1:a:p');
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

describe('pageMessage with English', () => {
  const bilingual: Paged = {
    pages: [
      { content: 'p1', embeds: [{ title: 'a', description: 'عربي' }], english: [{ title: 'a', description: 'عربي\n🇬🇧 gloss' }] },
      { content: 'p2', embeds: [{ title: 'b' }], english: [{ title: 'b', description: '🇬🇧 b' }] },
    ],
    showEnglish: true,
  };
  it('GIVEN pages with English shown first THEN the English embeds, a 🇬🇧 Hide English button, and Next keeps English shown', () => {
    const message = pageMessage(bilingual, 0, 'S');
    assert.equal(message.embeds[0]!.description, 'عربي\n🇬🇧 gloss');
    const buttons = message.components[0]!.components;
    const ids = Object.fromEntries(buttons.map((b) => ['label' in b ? b.label : '', 'custom_id' in b ? b.custom_id : '']));
    assert.equal(ids[ENGLISH_BUTTON.hide], 'page:S:go:0:a:l');
    assert.equal(ids.Next, 'page:S:go:1:e:n');
  });
  it('GIVEN the same page with English hidden THEN the Arabic embeds and a 🇬🇧 English button that shows it again', () => {
    const message = pageMessage(bilingual, 0, 'S', false);
    assert.equal(message.embeds[0]!.description, 'عربي');
    const toggle = message.components[0]!.components.find((b) => 'label' in b && b.label === ENGLISH_BUTTON.show);
    assert.equal(toggle && 'custom_id' in toggle ? toggle.custom_id : '', 'page:S:go:0:e:l');
  });
  it('GIVEN a one-page answer with English THEN it needs buttons (the toggle) though nothing else', () => {
    const single: Paged = { pages: [{ content: 'x', embeds: [{ title: 'a' }], english: [{ title: 'a', description: 'e' }] }] };
    assert.equal(needsButtons(single), true);
    assert.deepEqual(pageMessage(single, 0, 'S').components[0]!.components.map((b) => ('label' in b ? b.label : '')), ['Show full passage', ENGLISH_BUTTON.show]);
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
