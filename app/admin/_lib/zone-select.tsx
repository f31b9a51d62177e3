/** A time zone picker: the maintenance forms, and when the next update is promised. */
export function ZoneSelect({ name, label, zones, defaultValue, onChange }: { name: string; label: string; zones: readonly string[]; defaultValue: string; onChange?: (zone: string) => void }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={defaultValue} onChange={onChange ? (e) => onChange(e.target.value) : undefined}>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
    </label>
  );
}
