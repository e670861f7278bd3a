// The dashboard webview's entry: defines <ue-dashboard> (already in the page), which says
// `ready` to the host and renders what the host sends.
import './components/dashboard-app';
import { adoptPageStyles } from './page-styles';

adoptPageStyles(document);
