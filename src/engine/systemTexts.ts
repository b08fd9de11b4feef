/** Messages the engine itself sends, outside any blueprint, per language. English is the fallback. */
const texts = {
  en: {
    stopConfirmed: 'You will not receive more messages from us. Send START at any time to come back.',
    startConfirmed: 'Welcome back! You will receive your coaching messages again.',
    help: 'To answer, tap an option or send its number or its words. Send PROGRESS to see your score and badges, AGENT to talk to a person, STOP to stop receiving messages, START to come back.',
    nothingActive: 'You have no activity right now: we will write when the next one starts. Send HELP to see what you can do.',
    progress: 'Your progress: {done} steps done, {score} quiz points. Badges: {badges}.',
    noBadges: 'none yet',
    unknownSender: 'Hello! This number is not registered with us yet. To join, send the join code your employer gave you.',
    joined: 'Welcome, {name}! You are now registered.',
    handoff: 'Thank you. A coach will answer you here as soon as possible.',
    programPaused: 'This program is paused for now. We will pick up where you left off when it resumes.',
    programEnded: 'This program has ended. Thank you for taking part!',
    helpWaiting: 'Nothing to answer for now: your next message comes {when}. Send PROGRESS to see your score and badges, AGENT to talk to a person, STOP to stop receiving messages, START to come back.',
    helpFinished: 'You have finished everything for now: we will write when your next activity starts. Send PROGRESS to see your score and badges, AGENT to talk to a person, STOP to stop receiving messages, START to come back.',
    waitingForNext: 'Thank you! Nothing to answer for now: your next message comes {when}.',
    atTimeToday: 'today at {time}',
    atTimeTomorrow: 'tomorrow at {time}',
    atTimeOn: 'on {date} at {time}',
    rightAnswerWas: "The right answer is: {answer}. Let's move on.",
    movingOn: "Let's move on.",
    badgeAwarded: 'You earned a badge: {badge}! Send PROGRESS to see all your badges.',
  },
  es: {
    stopConfirmed: 'No recibirás más mensajes nuestros. Envía START cuando quieras volver.',
    startConfirmed: '¡Bienvenido de nuevo! Volverás a recibir tus mensajes.',
    help: 'Para responder, toca una opción o envía su número o su texto. Envía PROGRESO para ver tus puntos e insignias, AGENTE para hablar con una persona, STOP para dejar de recibir mensajes, START para volver.',
    nothingActive: 'No tienes ninguna actividad ahora: te escribiremos cuando empiece la próxima. Envía HELP para ver qué puedes hacer.',
    progress: 'Tu progreso: {done} pasos completados, {score} puntos de quiz. Insignias: {badges}.',
    noBadges: 'ninguna todavía',
    unknownSender: '¡Hola! Este número aún no está registrado. Para unirte, envía el código que te dio tu empresa.',
    joined: '¡Bienvenido, {name}! Ya estás registrado.',
    handoff: 'Gracias. Una persona del equipo te responderá aquí lo antes posible.',
    programPaused: 'Este programa está en pausa. Seguiremos donde lo dejaste cuando se reanude.',
    programEnded: 'Este programa ha terminado. ¡Gracias por participar!',
    helpWaiting: 'Nada que responder por ahora: tu próximo mensaje llega {when}. Envía PROGRESO para ver tus puntos e insignias, AGENTE para hablar con una persona, STOP para dejar de recibir mensajes, START para volver.',
    helpFinished: 'Completaste todo por ahora: te escribiremos cuando empiece tu próxima actividad. Envía PROGRESO para ver tus puntos e insignias, AGENTE para hablar con una persona, STOP para dejar de recibir mensajes, START para volver.',
    waitingForNext: '¡Gracias! Nada que responder por ahora: tu próximo mensaje llega {when}.',
    atTimeToday: 'hoy a las {time}',
    atTimeTomorrow: 'mañana a las {time}',
    atTimeOn: 'el {date} a las {time}',
    rightAnswerWas: 'La respuesta correcta es: {answer}. Sigamos.',
    movingOn: 'Sigamos.',
    badgeAwarded: '¡Nueva insignia: {badge}! Envía PROGRESO para ver todas tus insignias.',
  },
} as const;

export type SystemTextKey = keyof (typeof texts)['en'];

/** A system message in the language, with `{name}` placeholders filled. */
export function systemText(language: string, key: SystemTextKey, values: Record<string, string | number> = {}): string {
  const catalog = language in texts ? texts[language as keyof typeof texts] : texts.en;
  return catalog[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
