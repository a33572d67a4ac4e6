import { describe, expect, it } from 'vitest';
import { ivrGraph } from '@/workflows/testing/graphs';
import {
  CLIPBOARD_FORMAT,
  type ClipboardPayload,
  copySelection,
  MAX_CLIPBOARD_CHARS,
  type ParsedClipboard,
  parseClipboard,
  pasteFragment,
  pickPayload,
} from './clipboard';
import { fromFlowGraph } from './graph-convert';

/** The IVR test graph with a note, and `selected` marked as the canvas would. */
function canvasWith(selected: string[]) {
  const { nodes, edges, notes } = fromFlowGraph({
    ...ivrGraph(),
    notes: [{ id: 'n1', position: { x: 400, y: 0 }, text: 'Revisar textos', color: 'pink' }],
  });
  const pick = new Set(selected);
  return {
    nodes: nodes.map((n) => ({ ...n, selected: pick.has(n.id) })),
    edges,
    notes: notes.map((n) => ({ ...n, selected: pick.has(n.id) })),
  };
}

const FROM = { copiedAt: 1000, flowId: 'flow-a' };

describe('copySelection', () => {
  it('copies the selected nodes, only the edges between two of them, and the selected notes', () => {
    const payload = copySelection(canvasWith(['menu', 'turnos', 'n1']), FROM);
    expect(payload?.nodes.map((n) => n.id)).toEqual(['menu', 'turnos']);
    // menu → turnos and the menu's loop back to itself stay; hola → menu and menu → chau do not.
    expect(payload?.edges.map((e) => e.id)).toEqual(['e3', 'e4']);
    expect(payload?.notes).toEqual([
      {
        id: 'n1',
        position: { x: 400, y: 0 },
        text: 'Revisar textos',
        width: 220,
        height: 140,
        color: 'pink',
      },
    ]);
    expect(payload).toMatchObject({ format: CLIPBOARD_FORMAT, version: 1, copiedAt: 1000, flowId: 'flow-a' });
  });

  it('returns null when nothing is selected', () => {
    expect(copySelection(canvasWith([]), FROM)).toBeNull();
  });

  it('survives its own round trip through the clipboard text', () => {
    const payload = copySelection(canvasWith(['hola', 'menu']), FROM);
    expect(parseClipboard(JSON.stringify(payload))).toEqual({ ok: true, payload });
  });
});

describe('parseClipboard', () => {
  const valid = copySelection(canvasWith(['hola']), FROM);
  it.each<[string, string | null, ParsedClipboard]>([
    ['nothing', null, { ok: false, reason: 'empty' }],
    ['blank text', '  \n', { ok: false, reason: 'empty' }],
    ['plain text from elsewhere', 'Hola, ¿cómo va?', { ok: false, reason: 'foreign' }],
    ['JSON of another app', '{"type":"excalidraw","elements":[]}', { ok: false, reason: 'foreign' }],
    ['a JSON array', '[1,2,3]', { ok: false, reason: 'foreign' }],
    [
      'a prototype key',
      `{"format":"${CLIPBOARD_FORMAT}","__proto__":{"polluted":true}}`,
      { ok: false, reason: 'foreign' },
    ],
    ['a future version', JSON.stringify({ ...valid, version: 2 }), { ok: false, reason: 'invalid' }],
    [
      'a node with a hostile id',
      JSON.stringify({ ...valid, nodes: [{ id: '<img onerror=x>', kind: 'say', config: {} }] }),
      { ok: false, reason: 'invalid' },
    ],
    [
      'an oversized text',
      `{"format":"${CLIPBOARD_FORMAT}","x":"${'a'.repeat(MAX_CLIPBOARD_CHARS)}"}`,
      {
        ok: false,
        reason: 'invalid',
      },
    ],
  ])('refuses %s without throwing', (_, text, expected) => {
    expect(parseClipboard(text)).toEqual(expected);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});

describe('pasteFragment', () => {
  const payload = copySelection(canvasWith(['menu', 'turnos', 'n1']), FROM);
  if (!payload) throw new Error('nothing copied');
  const taken = new Set(['start', 'hola', 'menu', 'turnos', 'chau', 'nota_1']);

  it('gives every node, edge and note a fresh id and remaps the edges', () => {
    const { fragment, dropped } = pasteFragment(payload, {
      takenIds: taken,
      takenEdgeIds: new Set(['e_gather_1_opt_1']),
      at: null,
      nudge: 40,
    });
    expect(dropped).toBe(0);
    expect(fragment.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['gather_1', 'gather'],
      ['hang_up_1', 'hang_up'],
    ]);
    expect(fragment.edges).toEqual([
      { id: 'e_gather_1_opt_1_2', source: 'gather_1', sourcePort: 'opt_1', target: 'hang_up_1' },
      { id: 'e_gather_1_opt_9', source: 'gather_1', sourcePort: 'opt_9', target: 'gather_1' },
    ]);
    expect(fragment.notes.map((n) => n.id)).toEqual(['nota_2']);
    // The config is a copy: editing the pasted menu never changes the original.
    expect(fragment.nodes[0]?.config).toEqual(payload.nodes[0]?.config);
    expect(fragment.nodes[0]?.config).not.toBe(payload.nodes[0]?.config);
  });

  it('nudges everything by the same offset, or puts the top-left corner at the pointer', () => {
    const nudged = pasteFragment(payload, { takenIds: taken, takenEdgeIds: new Set(), at: null, nudge: 80 });
    expect(nudged.fragment.nodes.map((n) => n.position)).toEqual([
      { x: 80, y: 280 },
      { x: 80, y: 380 },
    ]);
    expect(nudged.fragment.notes[0]?.position).toEqual({ x: 480, y: 80 });
    const atPointer = pasteFragment(payload, {
      takenIds: taken,
      takenEdgeIds: new Set(),
      at: { x: 1000, y: 500 },
      nudge: 80,
    });
    // Copied bounds start at (0, 0) (menu's x, the note's y): everything moves by (1000, 500).
    expect(atPointer.fragment.nodes.map((n) => n.position)).toEqual([
      { x: 1000, y: 700 },
      { x: 1000, y: 800 },
    ]);
    expect(atPointer.fragment.notes[0]?.position).toEqual({ x: 1400, y: 500 });
  });

  it('keeps edges only between pasted nodes, one per port, and drops unknown kinds', () => {
    const foreign: ClipboardPayload = {
      ...payload,
      nodes: [
        ...payload.nodes,
        { id: 'x', kind: 'teleport', position: { x: 0, y: 0 }, config: {} },
        { id: 'menu', kind: 'say', position: { x: 0, y: 0 }, config: {} },
      ],
      edges: [
        ...payload.edges,
        { id: 'dangling', source: 'menu', sourcePort: 'no_input', target: 'chau' },
        { id: 'to-unknown', source: 'menu', sourcePort: 'invalid', target: 'x' },
        { id: 'second-on-port', source: 'menu', sourcePort: 'opt_1', target: 'menu' },
      ],
    };
    const { fragment, dropped } = pasteFragment(foreign, {
      takenIds: taken,
      takenEdgeIds: new Set(),
      at: null,
      nudge: 40,
    });
    // The unknown kind and the second node claiming the id "menu" are left out.
    expect(dropped).toBe(2);
    expect(fragment.nodes.map((n) => n.id)).toEqual(['gather_1', 'hang_up_1']);
    expect(fragment.edges.map((e) => [e.source, e.sourcePort, e.target])).toEqual([
      ['gather_1', 'opt_1', 'hang_up_1'],
      ['gather_1', 'opt_9', 'gather_1'],
    ]);
  });
});

describe('pickPayload', () => {
  const older = parseClipboard(JSON.stringify(copySelection(canvasWith(['hola']), { ...FROM, copiedAt: 1 })));
  const newer = parseClipboard(JSON.stringify(copySelection(canvasWith(['menu']), { ...FROM, copiedAt: 2 })));
  const foreign = parseClipboard('texto suelto');
  const empty = parseClipboard('');

  it('takes the system clipboard, or the newer copy when both hold one', () => {
    expect(pickPayload({ system: older, local: empty, localReachedSystem: true })).toBe(older);
    expect(pickPayload({ system: older, local: newer, localReachedSystem: false })).toBe(newer);
    expect(pickPayload({ system: newer, local: older, localReachedSystem: true })).toBe(newer);
  });

  it('falls back to localStorage when the system clipboard is unreadable, empty, or was never written', () => {
    expect(pickPayload({ system: null, local: older, localReachedSystem: true })).toBe(older);
    expect(pickPayload({ system: empty, local: older, localReachedSystem: true })).toBe(older);
    expect(pickPayload({ system: foreign, local: older, localReachedSystem: false })).toBe(older);
  });

  it('refuses foreign text copied after the nodes instead of pasting stale nodes', () => {
    expect(pickPayload({ system: foreign, local: older, localReachedSystem: true })).toEqual({
      ok: false,
      reason: 'foreign',
    });
  });
});
