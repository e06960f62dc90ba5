// Torch's thread count is process-wide and the lab's runs are compared bit for bit (the study against its
// resumed twin): run the lab tool's tests one at a time, as the lab's own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
