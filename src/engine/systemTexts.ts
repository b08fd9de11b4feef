/** Messages the engine itself sends, outside any blueprint, per language. English is the fallback. */
const texts = {
  en: {
    stopConfirmed: 'You will not receive more messages from us. Send START at any time to come back.',
    startConfirmed: 'Welcome back! You will receive your coaching messages again.',
    help: 'Reply to the questions to move on. Send PROGRESS to see your score and badges, AGENT to talk to a person, STOP to stop receiving messages, START to come back.',
    nothingActive: 'You have no activity right now: we will write when the next one starts. Send HELP to see what you can do.',
    progress: 'Your progress: {done} steps done, {score} quiz points. Badges: {badges}.',
    noBadges: 'none yet',
    unknownSender: 'Hello! This number is not registered with us yet. To join, send the join code your employer gave you.',
    joined: 'Welcome, {name}! You are now registered.',
    handoff: 'Thank you. A coach will answer you here as soon as possible.',
    programPaused: 'This program is paused for now. We will pick up where you left off when it resumes.',
    programEnded: 'This program has ended. Thank you for taking part!',
  },
  es: {
    stopConfirmed: 'No recibirás más mensajes nuestros. Envía START cuando quieras volver.',
    startConfirmed: '¡Bienvenido de nuevo! Volverás a recibir tus mensajes.',
    help: 'Responde a las preguntas para avanzar. Envía PROGRESO para ver tus puntos e insignias, AGENTE para hablar con una persona, STOP para dejar de recibir mensajes, START para volver.',
    nothingActive: 'No tienes ninguna actividad ahora: te escribiremos cuando empiece la próxima. Envía HELP para ver qué puedes hacer.',
    progress: 'Tu progreso: {done} pasos completados, {score} puntos de quiz. Insignias: {badges}.',
    noBadges: 'ninguna todavía',
    unknownSender: '¡Hola! Este número aún no está registrado. Para unirte, envía el código que te dio tu empresa.',
    joined: '¡Bienvenido, {name}! Ya estás registrado.',
    handoff: 'Gracias. Una persona del equipo te responderá aquí lo antes posible.',
    programPaused: 'Este programa está en pausa. Seguiremos donde lo dejaste cuando se reanude.',
    programEnded: 'Este programa ha terminado. ¡Gracias por participar!',
  },
} as const;

export type SystemTextKey = keyof (typeof texts)['en'];

/** A system message in the language, with `{name}` placeholders filled. */
export function systemText(language: string, key: SystemTextKey, values: Record<string, string | number> = {}): string {
  const catalog = language in texts ? texts[language as keyof typeof texts] : texts.en;
  return catalog[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
