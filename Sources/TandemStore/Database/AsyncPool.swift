/// A fixed set of resources handed out one caller at a time, waiters served in order.
///
/// SQLite allows one writer: the write pool holds one connection, so write transactions queue
/// here instead of failing with SQLITE_BUSY. Readers get a few connections of their own (WAL
/// lets them read while the writer writes).
actor AsyncPool<Resource: Sendable> {
    private var idle: [Resource]
    private var waiters: [CheckedContinuation<Resource, Never>] = []
    let all: [Resource]

    init(_ resources: [Resource]) {
        self.idle = resources
        self.all = resources
    }

    func acquire() async -> Resource {
        if let resource = idle.popLast() { return resource }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ resource: Resource) {
        if waiters.isEmpty {
            idle.append(resource)
        } else {
            waiters.removeFirst().resume(returning: resource)
        }
    }
}

extension AsyncPool {
    /// Runs `body` with a resource, always giving it back.
    nonisolated func with<T: Sendable>(_ body: (Resource) async throws -> T) async throws -> T {
        let resource = await acquire()
        do {
            let result = try await body(resource)
            await release(resource)
            return result
        } catch {
            await release(resource)
            throw error
        }
    }
}
