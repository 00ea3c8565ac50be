/** A setting that cannot be used; the message names the setting and what to give instead. */
export class SettingsError extends Error {}
