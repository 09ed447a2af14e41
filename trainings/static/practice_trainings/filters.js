// The directory's filters are folded (a <details>) so that on a phone the trainings come first.
// Where there is room beside or above the results, show them unfolded. Loaded right after the
// <details> element, before the page is first drawn, so nothing moves once it is visible.
(function () {
    const filters = document.getElementById('training-filters');
    if (filters && window.matchMedia('(min-width: 48rem)').matches) {
        filters.open = true;
    }
})();
