

export function helper() {}
