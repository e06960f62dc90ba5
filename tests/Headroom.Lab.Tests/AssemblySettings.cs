// Torch's thread count is process-wide and the lab's tests compare runs bit for bit: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
