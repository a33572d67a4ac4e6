/**
 * The field a problem is about, as the inspector labels it: `options.0.key` → "Opciones 1 › Tecla"
 * (list items are numbered from 1, as the inspector numbers them); `label` names one key.
 */
export function problemFieldLabel(field: string, label: (key: string) => string): string {
  const parts: string[] = [];
  for (const segment of field.split('.')) {
    const last = parts.length - 1;
    if (/^\d+$/.test(segment) && last >= 0) parts[last] = `${parts[last]} ${Number(segment) + 1}`;
    else parts.push(label(segment));
  }
  return parts.join(' › ');
}
