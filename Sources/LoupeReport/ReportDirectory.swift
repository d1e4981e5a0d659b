#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Whole-or-nothing file output for the reports.
///
/// **One file** (`writeFile`): the contents go to a new temporary file beside the target
/// (`.<name>.tmp-<pid>-<random>`), are flushed to disk, and the temporary file is renamed over
/// the target. A reader sees the old file or the new one, never part of one; on failure the
/// temporary file is removed and the old file is untouched. A symbolic link at the target is
/// followed (the file it points to is replaced); a new file gets mode 0666 less the umask, a
/// replaced one keeps its mode.
///
/// **A set of files** (`replace`): every file is first written into a new hidden sibling of
/// the target directory (`.<name>.loupe-<pid>-<random>`), then that directory is put in the
/// target's place:
/// - no target yet: one `rename`; missing parent directories are created first (and removed
///   again if the write fails);
/// - a target directory exists: its entries that are *not* Loupe report files (see `owned`)
///   are moved — renamed, not copied — into the new directory, which is then exchanged with
///   the old one in one step (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)`
///   on macOS; where the file system cannot exchange, two renames with a moment in between
///   when the path is absent), and the old directory, holding only the previous report, is
///   deleted. Report files of the old set that the new set does not contain are dropped with
///   it, so the directory never mixes two runs.
///
/// So after a failure the target holds the previous report and every other entry exactly as
/// before (entries already moved are moved back), and no staging directory is left; after a
/// success it holds the new report plus the other entries. Only a crash of the process in the
/// middle (SIGKILL; see below for the cleanup) can leave the hidden staging directory behind (with the other entries in it if the
/// crash fell between moving them and the exchange). A symbolic link to the target directory is
/// followed. The directory is a new one (new inode, the old one's permissions), so a program
/// sitting in the old one (a shell `cd`'d into it) sees an empty, deleted directory until it
/// changes directory again.
///
/// **The working directory** is the exception (`--out .`): pulling it from under the process
/// (and most likely the user's shell) would be worse than a small window, so there every file
/// is first written to a temporary file inside the directory, then all are renamed over their
/// targets in one quick pass, then stale report files are removed. A failure while writing
/// still leaves the previous report untouched; only a failing rename, which short of a crash
/// does not happen, could leave a mix.
///
/// **Concurrent writers.** A `replace` holds an exclusive `flock` on the target's parent
/// directory, so Loupe processes writing the same directory take turns: both succeed and the
/// later set is what remains; a user's entries are moved along each time, never deleted. The
/// previous set is removed entry by entry (report files only), so an entry that is not a report
/// file is never deleted with it.
///
/// **Signals and leftovers.** Every write holds `writing`; `exitWhenIdle`, the CLI's
/// SIGINT/SIGTERM exit, takes it first, so a signal never leaves a staging directory or a
/// temporary file. Those of a process killed outright are recognised by the process id in
/// their names (no such process any more) and removed by the next write there: a staging
/// directory's non-report entries go back into the target first, and it is deleted only if
/// nothing else remains.
enum ReportDirectory {
    /// A failure injected by tests: before writing file `n` of the set, or just before the
    /// exchange (after the other entries were moved).
    enum Fault: Sendable, Hashable {
        case beforeFile(Int)
        case beforeSwap
    }

    // MARK: - One file

    static func writeFile(_ contents: String, to path: String) throws(ReportWriteError) {
        writing.lock()
        defer { writing.unlock() }
        guard !path.isEmpty else { throw ReportWriteError(path: path, reason: "empty path") }
        var target = path
        if isSymbolicLink(target) {
            target = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
        }
        let temporary = try writeTemporary(contents, beside: target, reported: path)
        if rename(temporary, target) != 0 {
            let error = systemError(path: path, errno)
            unlink(temporary)
            throw error
        }
        syncDirectory(parent(of: target))
        removeStaleTemporaries(of: lastComponent(of: target), in: parent(of: target))
    }

    /// Writes `contents` to a new temporary file in `target`'s directory, flushed to disk, with
    /// the mode of the file at `target` if there is one; returns its path.
    private static func writeTemporary(_ contents: String, beside target: String,
                                       reported: String) throws(ReportWriteError) -> String {
        let name = lastComponent(of: target)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw ReportWriteError(path: reported, reason: "not a file name")
        }
        var existing = stat()
        var mode: mode_t = 0o666
        var preserveMode = false
        if stat(target, &existing) == 0 {
            if (existing.st_mode & S_IFMT) == S_IFDIR {
                throw ReportWriteError(path: reported, reason: "is a directory")
            }
            mode = existing.st_mode & 0o7777
            preserveMode = true
        }
        let temporary = join(parent(of: target), ".\(name).tmp-\(getpid())-\(randomTag())")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw systemError(path: reported, errno) }
        var failure: ReportWriteError?
        var bytes = Array(contents.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = systemError(path: reported, errno)
                    return
                }
                offset += n
            }
        }
        if failure == nil && preserveMode {
            _ = fchmod(fd, mode)  // keep the replaced file's mode; best effort
        }
        if failure == nil, fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            failure = systemError(path: reported, errno)
        }
        if close(fd) != 0, failure == nil, errno != EINTR {
            failure = systemError(path: reported, errno)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
        return temporary
    }

    // MARK: - A set of files

    /// Puts `files` (name → contents, written in the order given) in place as the directory
    /// `path`, keeping the entries of an existing directory whose names are not in `owned`.
    /// `workingDirectory` stands in for the process's current directory (tests).
    static func replace(directory path: String, with files: [(name: String, contents: String)],
                        owned: Set<String>, fault: Fault? = nil,
                        workingDirectory: String? = nil) throws(ReportWriteError) {
        let names = files.map(\.name)
        for name in names {
            guard isPlainName(name) else {
                throw ReportWriteError(path: join(path, name), reason: "a report file name must be a single path component")
            }
        }
        guard Set(names).count == names.count else {
            throw ReportWriteError(path: path, reason: "two report files have the same name")
        }
        writing.lock()
        defer { writing.unlock() }
        let target = try normalizedDirectory(path)
        let parentPath = parent(of: target)
        let name = lastComponent(of: target)
        let createdParents = try makeDirectories(parentPath, reported: path)
        // One writer at a time per parent directory, across processes (advisory; where the
        // file system has no locks the writers are not serialized).
        let lock = lockDirectory(parentPath)
        defer { if lock >= 0 { close(lock) } }
        let exists: Bool
        do { exists = try directoryExists(target, reported: path) } catch {
            removeDirectories(createdParents)
            throw error
        }
        removeStaleStages(of: name, in: parentPath, target: exists ? target : nil, owned: owned.union(names))
        if exists && isSameDirectory(target, workingDirectory ?? currentDirectory()) {
            try replaceInPlace(target, with: files, reported: path, owned: owned.union(names), fault: fault)
            return
        }

        let stage = join(parentPath, ".\(name).loupe-\(getpid())-\(randomTag())")
        guard mkdir(stage, 0o777) == 0 else {
            let error = ReportWriteError(path: path, reason: "cannot create the staging directory beside it ("
                + String(cString: strerror(errno)) + "); the report is written there first and then swapped in")
            removeDirectories(createdParents)
            throw error
        }
        func abandon(_ error: ReportWriteError) -> ReportWriteError {
            try? FileManager.default.removeItem(atPath: stage)
            removeDirectories(createdParents)
            return error
        }
        if exists {
            var info = stat()
            if stat(target, &info) == 0 { _ = chmod(stage, info.st_mode & 0o7777) }
        }
        for (index, file) in files.enumerated() {
            if fault == .beforeFile(index) {
                throw abandon(ReportWriteError(path: join(stage, file.name), reason: "injected failure"))
            }
            do {
                try writeFile(file.contents, to: join(stage, file.name))
            } catch {
                throw abandon(error)
            }
        }

        if !exists {
            if rename(stage, target) == 0 {
                syncDirectory(parentPath)
                return
            }
            let code = errno
            guard code == EEXIST || code == ENOTEMPTY else {
                throw abandon(systemError(path: path, code))
            }
            // Someone created the directory meanwhile: swap with it like any existing one.
        }
        try swap(stage: stage, into: target, reported: path, keepingAllBut: owned.union(names), fault: fault,
                 abandon: abandon)
    }

    /// Moves the target's other entries into `stage`, exchanges the two directories and
    /// deletes the old one.
    private static func swap(stage: String, into target: String, reported: String, keepingAllBut owned: Set<String>,
                             fault: Fault?, abandon: (ReportWriteError) -> ReportWriteError) throws(ReportWriteError) {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        } catch {
            throw abandon(ReportWriteError(path: reported, reason: "cannot list the directory: \(error.localizedDescription)"))
        }
        var moved: [String] = []
        func restore(from holder: String) {
            for entry in moved.reversed() { _ = rename(join(holder, entry), join(target, entry)) }
        }
        for entry in entries where !owned.contains(entry) {
            if rename(join(target, entry), join(stage, entry)) != 0 {
                let error = systemError(path: join(target, entry), errno)
                restore(from: stage)
                throw abandon(error)
            }
            moved.append(entry)
        }
        if fault == .beforeSwap {
            restore(from: stage)
            throw abandon(ReportWriteError(path: reported, reason: "injected failure"))
        }
        var old = stage
        let exchanged = exchange(stage, target)
        if exchanged != 0 {
            guard exchanged == ENOSYS || exchanged == EINVAL || exchanged == ENOTSUP || exchanged == EXDEV else {
                restore(from: stage)
                throw abandon(systemError(path: reported, exchanged))
            }
            // No atomic exchange here: move the old directory aside, then the new one in.
            old = join(parent(of: target), ".\(lastComponent(of: target)).loupe-old-\(getpid())-\(randomTag())")
            if rename(target, old) != 0 {
                let error = systemError(path: reported, errno)
                restore(from: stage)
                throw abandon(error)
            }
            if rename(stage, target) != 0 {
                let error = systemError(path: reported, errno)
                _ = rename(old, target)
                restore(from: stage)
                throw abandon(error)
            }
        }
        syncDirectory(parent(of: target))
        // `old` now holds only the previous report: its other entries moved to the new one.
        discard(old, keepingAllBut: owned, into: target)
    }

    /// The report set for the working directory: every file is first written to a temporary
    /// file inside it, then all are renamed over their targets, then stale report files are
    /// removed; the directory itself stays. A failure while writing leaves the old set (the
    /// temporary files are removed); only a failing rename — which does not happen short of a
    /// crash or a full disk's metadata — could leave some files new and some old.
    private static func replaceInPlace(_ target: String, with files: [(name: String, contents: String)],
                                       reported: String, owned: Set<String>, fault: Fault?) throws(ReportWriteError) {
        var temporaries: [(temporary: String, final: String)] = []
        func discard() {
            for t in temporaries { unlink(t.temporary) }
        }
        for (index, file) in files.enumerated() {
            let final = join(target, file.name)
            if fault == .beforeFile(index) {
                discard()
                throw ReportWriteError(path: final, reason: "injected failure")
            }
            do {
                temporaries.append((try writeTemporary(file.contents, beside: final, reported: final), final))
            } catch {
                discard()
                throw error
            }
        }
        if fault == .beforeSwap {
            discard()
            throw ReportWriteError(path: reported, reason: "injected failure")
        }
        for (index, t) in temporaries.enumerated() where rename(t.temporary, t.final) != 0 {
            let error = systemError(path: t.final, errno)
            for rest in temporaries[index...] { unlink(rest.temporary) }
            throw error
        }
        let written = Set(files.map(\.name))
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        for entry in entries where owned.contains(entry) && !written.contains(entry) {
            try? FileManager.default.removeItem(atPath: join(target, entry))
        }
        syncDirectory(target)
    }

    // MARK: - Concurrency, signals and stale leftovers

    /// Held while this process writes (`replace`, `writeFile`): `exitWhenIdle` takes it, so a
    /// termination signal never cuts a write in half and leaves a staging directory or a
    /// temporary file behind.
    static let writing = NSRecursiveLock()

    /// Ends the process with `code` as soon as no write is in progress (a signal handler's
    /// exit: the staging directory of a write in progress is swapped in or removed first).
    static func exitWhenIdle(_ code: Int32) -> Never {
        writing.lock()
        _exit(code)
    }

    /// An exclusive `flock` on the directory `path` (waits for other Loupe writers there);
    /// the descriptor to close, or -1 where the directory cannot be opened or locked.
    private static func lockDirectory(_ path: String) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(fd)
            return -1
        }
        return fd
    }

    /// The process id in a leftover's name (`<pid>-<tag>` or `old-<pid>-<tag>`), when that
    /// process no longer runs.
    private static func deadProcess(_ rest: Substring) -> Bool {
        var rest = rest
        if rest.hasPrefix("old-") { rest = rest.dropFirst(4) }
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Staging directories of `name` left by killed runs (`.<name>.loupe-<pid>-…` whose
    /// process is gone): entries that are not report files go back into the target where it
    /// lacks them (a run killed between moving them and the swap), then the directory is
    /// deleted if only report files remain. Anything else is left alone.
    private static func removeStaleStages(of name: String, in parentPath: String, target: String?, owned: Set<String>) {
        let prefix = ".\(name).loupe-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parentPath) else { return }
        for entry in entries where entry.hasPrefix(prefix) && deadProcess(entry.dropFirst(prefix.count)) {
            discard(join(parentPath, entry), keepingAllBut: owned, into: target)
        }
    }

    /// Deletes the directory `old` holding a previous (or unfinished) report: its entries in
    /// `owned` are removed; any other entry is moved into `target` when that lacks the name,
    /// and otherwise left, with `old`, where it is — a file Loupe did not write is never deleted.
    private static func discard(_ old: String, keepingAllBut owned: Set<String>, into target: String?) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: old) else { return }
        for entry in entries {
            let path = join(old, entry)
            if owned.contains(entry) {
                var info = stat()
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
            } else if let target {
                var info = stat()
                if lstat(join(target, entry), &info) != 0 && errno == ENOENT {
                    _ = rename(path, join(target, entry))
                }
            }
        }
        _ = rmdir(old)
    }

    /// Temporary files of `name` (`.<name>.tmp-<pid>-…`) left in `directory` by killed runs.
    private static func removeStaleTemporaries(of name: String, in directory: String) {
        let prefix = ".\(name).tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) && deadProcess(entry.dropFirst(prefix.count)) {
            var info = stat()
            let path = join(directory, entry)
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
    }

    // MARK: - Helpers

    /// Exchanges two paths atomically; 0, or the errno (ENOSYS where unsupported).
    private static func exchange(_ a: String, _ b: String) -> Int32 {
        #if canImport(Darwin)
        return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0 ? 0 : errno
        #else
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return ENOSYS }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2  // RENAME_EXCHANGE, linux/fs.h
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0 ? 0 : errno
        #endif
    }

    /// The absolute, standardized directory path, following a symbolic link at the end.
    private static func normalizedDirectory(_ path: String) throws(ReportWriteError) -> String {
        guard !path.isEmpty else { throw ReportWriteError(path: path, reason: "empty path") }
        var url = URL(fileURLWithPath: path).standardizedFileURL
        if isSymbolicLink(url.path) { url = url.resolvingSymlinksInPath() }
        let result = url.path
        guard result != "/", !lastComponent(of: result).isEmpty else {
            throw ReportWriteError(path: path, reason: "cannot replace the root directory")
        }
        return result
    }

    /// True when `path` is a directory, false when nothing is there; throws when something
    /// else is there or a parent is not a directory.
    private static func directoryExists(_ path: String, reported: String) throws(ReportWriteError) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw ReportWriteError(path: reported, reason: "exists and is not a directory")
            }
            return true
        }
        let code = errno
        if code == ENOENT { return false }
        throw systemError(path: reported, code)
    }

    /// Creates `path` and its missing ancestors; returns the ones it created, innermost first.
    private static func makeDirectories(_ path: String, reported: String) throws(ReportWriteError) -> [String] {
        var missing: [String] = []
        var current = path
        while true {
            var info = stat()
            if stat(current, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw ReportWriteError(path: reported, reason: "'\(current)' is not a directory")
                }
                break
            }
            let code = errno
            guard code == ENOENT else { throw systemError(path: reported, code) }
            missing.append(current)
            let up = parent(of: current)
            if up == current { break }
            current = up
        }
        var created: [String] = []
        for directory in missing.reversed() {
            if mkdir(directory, 0o777) != 0 && errno != EEXIST {
                let error = systemError(path: directory, errno)
                removeDirectories(created.reversed())
                throw error
            }
            created.append(directory)
        }
        return created.reversed()
    }

    /// Removes directories (innermost first) that are still empty.
    private static func removeDirectories(_ directories: [String]) {
        for directory in directories { _ = rmdir(directory) }
    }

    private static func currentDirectory() -> String? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// True when both paths name the same directory (same device and inode).
    private static func isSameDirectory(_ a: String, _ b: String?) -> Bool {
        guard let b else { return false }
        var x = stat()
        var y = stat()
        guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Flushes a directory's entries to disk; best effort (not every file system allows it).
    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.unicodeScalars.contains("\0")
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func randomTag() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    private static func systemError(path: String, _ code: Int32) -> ReportWriteError {
        ReportWriteError(path: path, reason: String(cString: strerror(code)))
    }
}
