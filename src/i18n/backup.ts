import type { Lang } from './lang.js';
import type { BackupProblem } from '../domain/types.js';

type P = Record<string, string | number>;

/** `vigia backup` and `vigia restore`: Spanish first, English second. */
export const backupMessages = {
  es: {
    backupDescription: 'Copia la base de datos entera en un archivo (SQLite: copia en línea; PostgreSQL: pg_dump) y comprueba la copia',
    restoreDescription: 'Repone la base de datos desde un archivo de «vigia backup» y comprueba lo repuesto',
    optForce: 'reemplazar una base de datos que ya tiene datos',
    copying: (p: P) => `Copiando… ${p.done}/${p.total}`,
    checking: 'Comprobando la copia…',
    restoring: 'Reponiendo…',
    verifying: 'Comprobando lo repuesto (filas y cadena del historial)…',
    saved: (p: P) =>
      `Copia guardada en ${p.file}: ${p.tables} tablas, ${p.rows} filas, ${p.size}, en ${p.seconds} s (${p.kind}). Comprobada: ${p.check}.`,
    checkSqlite: 'integrity_check correcto y las mismas filas por tabla',
    checkPostgres: 'pg_restore --list la lee entera',
    restored: (p: P) =>
      `Base de datos repuesta desde ${p.file} (copia del ${p.createdAt}): ${p.rows} filas en ${p.tables} tablas, las mismas que registró la copia; historial íntegro (${p.audit} entradas), en ${p.seconds} s.`,
    problems: {
      file_missing: (p: P) => `No existe el archivo ${p.file}.`,
      not_a_backup: (p: P) => `El archivo ${p.file} no es una copia de Vigía (hecha con «vigia backup»).`,
      wrong_kind: (p: P) =>
        `El archivo ${p.file} es una copia de una base ${p.backup}, y DATABASE_URL apunta a una base ${p.database}: repóngala en una base ${p.backup}.`,
      damaged: (p: P) => `La copia ${p.file} está incompleta o dañada (${p.detail}): no se repuso nada.`,
      not_empty: (p: P) => `La base de datos ${p.database} ya tiene datos (${p.rows} filas): no se reemplaza sin --force.`,
      busy: (p: P) =>
        `La base de datos ${p.database} está en uso (¿«vigia serve» en marcha?${p.sessions ? `, ${p.sessions} conexiones` : ''}): deténgalo antes de reponer.`,
      check_failed: (p: P) => `La comprobación falló: ${p.detail}.`,
    } satisfies Record<BackupProblem, (p: P) => string>,
  },
  en: {
    backupDescription: 'Copies the whole database into a file (SQLite: online backup; PostgreSQL: pg_dump) and checks the copy',
    restoreDescription: 'Restores the database from a "vigia backup" file and checks what was restored',
    optForce: 'replace a database that already has data',
    copying: (p: P) => `Copying… ${p.done}/${p.total}`,
    checking: 'Checking the copy…',
    restoring: 'Restoring…',
    verifying: 'Checking what was restored (rows and the history chain)…',
    saved: (p: P) =>
      `Backup saved to ${p.file}: ${p.tables} tables, ${p.rows} rows, ${p.size}, in ${p.seconds} s (${p.kind}). Checked: ${p.check}.`,
    checkSqlite: 'integrity_check ok and the same rows per table',
    checkPostgres: 'pg_restore --list reads it whole',
    restored: (p: P) =>
      `Database restored from ${p.file} (backup of ${p.createdAt}): ${p.rows} rows in ${p.tables} tables, the ones the backup recorded; history intact (${p.audit} entries), in ${p.seconds} s.`,
    problems: {
      file_missing: (p: P) => `The file ${p.file} does not exist.`,
      not_a_backup: (p: P) => `The file ${p.file} is not a Vigía backup (made with "vigia backup").`,
      wrong_kind: (p: P) =>
        `The file ${p.file} is a backup of a ${p.backup} database, and DATABASE_URL points to a ${p.database} database: restore it into a ${p.backup} one.`,
      damaged: (p: P) => `The backup ${p.file} is incomplete or damaged (${p.detail}): nothing was restored.`,
      not_empty: (p: P) => `The database ${p.database} already has data (${p.rows} rows): it is not replaced without --force.`,
      busy: (p: P) =>
        `The database ${p.database} is in use (is "vigia serve" running?${p.sessions ? `, ${p.sessions} connections` : ''}): stop it before restoring.`,
      check_failed: (p: P) => `The check failed: ${p.detail}.`,
    } satisfies Record<BackupProblem, (p: P) => string>,
  },
} satisfies Record<Lang, unknown>;
