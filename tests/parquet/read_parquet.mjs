// Prints a Parquet file as JSON, {"row_groups": N, "rows": [{column: value}]}, read with hyparquet, a
// reader written apart from the Parquet.Net that sysrec writes with; 64-bit integers as strings.
// Usage: node read_parquet.mjs PATH_TO_HYPARQUET/src/node.js FILE.parquet
import { pathToFileURL } from 'node:url'

const [library, path] = process.argv.slice(2)
const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import(pathToFileURL(library).href)
const file = await asyncBufferFromFile(path)
const metadata = await parquetMetadataAsync(file)
const rows = await parquetReadObjects({ file })
process.stdout.write(JSON.stringify({ row_groups: metadata.row_groups.length, rows },
  (key, value) => typeof value === 'bigint' ? value.toString() : value))
