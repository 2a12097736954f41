export function alpha() {}
export function beta() {}
