import { describe, expect, it } from 'vitest';
import { problemFieldLabel } from './problem-field';

const labels: Record<string, string> = { options: 'Opciones', key: 'Tecla', prompt: 'Mensaje' };
const label = (key: string) => labels[key] ?? key;

describe('problemFieldLabel', () => {
  it('names a field, and an item of a list by its number from 1', () => {
    expect(problemFieldLabel('prompt', label)).toBe('Mensaje');
    expect(problemFieldLabel('options.0.key', label)).toBe('Opciones 1 › Tecla');
    expect(problemFieldLabel('options.11', label)).toBe('Opciones 12');
    expect(problemFieldLabel('desconocido', label)).toBe('desconocido');
  });
});
