import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyIntent, contentWords, normalizeText, stem } from './intents';

/** How a municipal contact center in Argentina would seed its intents. */
const INTENTS = [
  {
    id: 'turnos',
    examples: [
      'quiero sacar un turno para vacunarme',
      'turno para la vacuna antigripal',
      'dónde me puedo vacunar',
      'vacunación para chicos',
      'quiero cambiar o cancelar mi turno',
      'me toca la segunda dosis',
    ],
  },
  {
    id: 'reclamo',
    examples: [
      'reclamo por alumbrado público',
      'hay una luminaria apagada en la esquina',
      'se cayó un poste de luz',
      'la luz de la calle no anda',
      'la lámpara está quemada',
      'quiero hacer un reclamo',
    ],
  },
  {
    id: 'deuda',
    examples: [
      'cuánto debo de tasas municipales',
      'consulta de deuda',
      'quiero adherirme a la moratoria',
      'plan de pagos para la deuda',
      'pagar en cuotas lo que debo',
    ],
  },
  {
    id: 'operador',
    examples: [
      'hablar con un operador',
      'quiero hablar con una persona',
      'me atiende alguien',
      'comunicarme con un agente',
    ],
  },
];
const THRESHOLD = 0.35;

describe('classifyIntent', () => {
  it.each([
    ['quiero sacar turno para la vacuna', 'turnos'],
    ['necesito vacunar a mi hijo', 'turnos'],
    ['Hola, buenas tardes! Quería un turno para la antigripal', 'turnos'],
    ['me tengo que dar la vacuna del covid, hay turnos?', 'turnos'],
    ['hay un poste de luz roto en mi cuadra', 'reclamo'],
    ['la luminaria de la esquina de casa está apagada hace una semana', 'reclamo'],
    ['la calle está toda oscura, no funcionan las luces', 'reclamo'],
    ['quiero reclamar por el alumbrado', 'reclamo'],
    ['cuánto debo de la tasa', 'deuda'],
    ['quiero saber si tengo deudas', 'deuda'],
    ['¿me puedo adherir a la moratoria?', 'deuda'],
    ['quiero pagar en cuotas', 'deuda'],
    ['pasame con un operador', 'operador'],
    ['quiero hablar con alguien', 'operador'],
    ['necesito que me atienda una persona', 'operador'],
  ])('"%s" → %s', (text, expected) => {
    const result = classifyIntent(text, INTENTS, THRESHOLD);
    expect(result.intent).toBe(expected);
    expect(result.score).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('forgives typos, missing accents and shouting', () => {
    expect(classifyIntent('NESESITO TURNO P LA BACUNA!!!', INTENTS, THRESHOLD).intent).toBe('turnos');
    expect(classifyIntent('kiero ablar con un operadorrr', INTENTS, THRESHOLD).intent).toBe('operador');
    expect(classifyIntent('moratoria', INTENTS, THRESHOLD).intent).toBe('deuda');
  });

  it.each([
    'me gusta el fútbol y el asado',
    'el colectivo no pasa',
    'qué hora es',
    'mi perro se perdió',
    'cuál es el horario del museo',
    'gracias',
    'hola',
    '',
    '30111222',
  ])('"%s" is unknown', (text) => {
    expect(classifyIntent(text, INTENTS, THRESHOLD).intent).toBeNull();
  });

  it('scores every intent, with the match far ahead of the rest', () => {
    const { scores } = classifyIntent('hay un poste de luz roto en mi cuadra', INTENTS, THRESHOLD);
    expect(scores.map((s) => s.id)).toEqual(['turnos', 'reclamo', 'deuda', 'operador']);
    const [best, second] = [...scores].sort((a, b) => b.score - a.score);
    expect(best?.id).toBe('reclamo');
    expect((best?.score ?? 0) - (second?.score ?? 0)).toBeGreaterThan(0.3);
  });

  it('gives an example phrase itself a perfect score', () => {
    expect(classifyIntent('Reclamo por alumbrado público', INTENTS, 0.99)).toMatchObject({
      intent: 'reclamo',
      score: 1,
    });
  });

  it('breaks ties by the order the intents are listed', () => {
    const twins = [
      { id: 'primero', examples: ['turno'] },
      { id: 'segundo', examples: ['turno'] },
    ];
    expect(classifyIntent('turno', twins, 0.5).intent).toBe('primero');
  });

  it('returns unknown with no intents or examples, even at threshold 0', () => {
    expect(classifyIntent('turno', [], 0)).toEqual({ intent: null, score: 0, scores: [] });
    expect(classifyIntent('turno', [{ id: 'a', examples: [] }], 0).intent).toBeNull();
  });

  it('is deterministic and bounded for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const a = classifyIntent(text, INTENTS, THRESHOLD);
        expect(classifyIntent(text, INTENTS, THRESHOLD)).toEqual(a);
        for (const s of a.scores) expect(s.score >= 0 && s.score <= 1).toBe(true);
        if (a.intent !== null) expect(a.score).toBeGreaterThanOrEqual(THRESHOLD);
      }),
    );
  });
});

describe('Spanish normalisation', () => {
  it('lowercases, strips accents, punctuation and stretched letters', () => {
    expect(normalizeText('¡Hola! ¿Cuánto DEBO de la tasa?... Graciaaaas')).toBe(
      'hola cuanto debo de la tasa gracias',
    );
  });

  it('drops stopwords and numbers', () => {
    expect(contentWords('Quiero sacar un turno para el DNI 30111222')).toEqual(['sacar', 'turno', 'dni']);
  });

  it('stems plural, gender and verb forms together', () => {
    expect(['turno', 'turnos'].map(stem)).toEqual(['turn', 'turn']);
    expect(['reclamo', 'reclamos', 'reclamar'].map(stem)).toEqual(['reclam', 'reclam', 'reclam']);
    expect(['vacuna', 'vacunas', 'vacunacion', 'vacunarme'].map(stem)).toEqual([
      'vacun',
      'vacun',
      'vacun',
      'vacun',
    ]);
    expect(['luz', 'luces'].map(stem)).toEqual(['luz', 'luz']);
    expect(['roto', 'rota', 'rotos'].map(stem)).toEqual(['rot', 'rot', 'rot']);
    expect(['apagada', 'apagado', 'apagar', 'apagando'].map(stem)).toEqual(['apag', 'apag', 'apag', 'apag']);
    expect(['operador', 'operadores', 'operadora'].map(stem)).toEqual(['operador', 'operador', 'operador']);
    expect(['vacunaciones', 'planes'].map(stem)).toEqual(['vacun', 'plan']);
    expect(stem('gas')).toBe('gas');
  });
});
